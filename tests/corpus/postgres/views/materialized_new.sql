-- a new materialized view
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t;
