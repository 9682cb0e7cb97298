-- multirange types (PostgreSQL 14+)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a int4multirange, b datemultirange);
