-- PRIMARY KEY dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (id integer NOT NULL, name text);
