-- an index's access method changed from btree to hash
-- old
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE INDEX t_idx ON t (a);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE INDEX t_idx ON t USING hash (a);
