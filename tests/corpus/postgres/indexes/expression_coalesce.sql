-- expression index on coalesce(a, 0)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE INDEX t_a0_idx ON t (coalesce(a, 0));
