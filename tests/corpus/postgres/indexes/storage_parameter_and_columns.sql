-- an index's keys and its fillfactor changed together: it is built again
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_a_idx ON t (a) WITH (fillfactor = 70);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_a_idx ON t (a, b) WITH (fillfactor = 50);
