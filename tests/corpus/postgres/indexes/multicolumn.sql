-- multicolumn index with mixed orders
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
CREATE INDEX t_a_b_idx ON t (a, b DESC);
