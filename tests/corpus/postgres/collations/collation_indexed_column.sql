-- a column with an index gets COLLATE "C" (the index is rebuilt with it)
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
CREATE INDEX t_name_idx ON t (name);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE "C");
CREATE INDEX t_name_idx ON t (name);
