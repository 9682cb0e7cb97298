-- a partial index's WHERE changed
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_n_idx ON t (n) WHERE n > 0;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_n_idx ON t (n) WHERE n > 10;
