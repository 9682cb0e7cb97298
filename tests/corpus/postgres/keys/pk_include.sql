-- PRIMARY KEY (id) INCLUDE (name)
-- old
CREATE TABLE t (id integer NOT NULL, name text);
-- new
CREATE TABLE t (id integer NOT NULL, name text, PRIMARY KEY (id) INCLUDE (name));
