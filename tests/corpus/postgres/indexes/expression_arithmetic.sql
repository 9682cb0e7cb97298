-- expression index on ((a + b))
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_sum_idx ON t ((a + b));
