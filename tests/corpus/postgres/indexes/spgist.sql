-- SP-GiST index on text
-- old
CREATE TABLE t (id integer PRIMARY KEY, path text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, path text);
CREATE INDEX t_path_idx ON t USING spgist (path);
