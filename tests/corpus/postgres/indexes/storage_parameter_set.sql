-- an existing index given a fillfactor: ALTER INDEX ... SET (fillfactor = 60)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX t_a_idx ON t (a);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 60);
