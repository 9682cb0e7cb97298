-- a column dropped with the index on it (its rollback makes the column again before the index)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, c varchar(20));
CREATE INDEX t_c_idx ON t USING btree (c);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
