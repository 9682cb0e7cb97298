-- a column with COLLATE "C"
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C");
