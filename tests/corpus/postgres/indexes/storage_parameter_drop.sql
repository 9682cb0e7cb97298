-- an index's storage parameter removed, written as ALTER INDEX ... RESET in the new schema
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70);
ALTER INDEX t_a_idx RESET (fillfactor);
