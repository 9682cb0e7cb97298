-- index key NULLS FIRST
-- old
CREATE TABLE t (id integer PRIMARY KEY, rank integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, rank integer);
CREATE INDEX t_rank_idx ON t (rank NULLS FIRST);
