-- an index's columns changed
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_idx ON t (a);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_idx ON t (a, b);
