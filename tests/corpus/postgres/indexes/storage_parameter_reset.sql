-- an index's fillfactor removed: ALTER INDEX ... RESET (fillfactor)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX t_a_idx ON t (a);
