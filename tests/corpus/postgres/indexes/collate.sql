-- index key with COLLATE "C"
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t (name COLLATE "C");
