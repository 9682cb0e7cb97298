-- PRIMARY KEY added to a table without one
-- old
CREATE TABLE t (id integer NOT NULL, name text);
-- new
CREATE TABLE t (id integer NOT NULL PRIMARY KEY, name text);
