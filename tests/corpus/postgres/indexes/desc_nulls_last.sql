-- index key DESC NULLS LAST
-- old
CREATE TABLE t (id integer PRIMARY KEY, rank integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, rank integer);
CREATE INDEX t_rank_idx ON t (rank DESC NULLS LAST);
