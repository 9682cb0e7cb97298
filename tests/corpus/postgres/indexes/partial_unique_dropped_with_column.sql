-- a column dropped with the partial unique index on it (its rollback makes the column again before the index)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, c varchar(20));
CREATE UNIQUE INDEX t_c_key ON t USING btree (c) WHERE (c IS NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
