-- PRIMARY KEY INCLUDE (name) back to a plain key
-- old
CREATE TABLE t (id integer NOT NULL, name text, PRIMARY KEY (id) INCLUDE (name));
-- new
CREATE TABLE t (id integer NOT NULL, name text, PRIMARY KEY (id));
