-- an index loses its INCLUDE columns
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE UNIQUE INDEX t_a_idx ON t (a) INCLUDE (b);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);
CREATE UNIQUE INDEX t_a_idx ON t (a);
