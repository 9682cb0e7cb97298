-- a materialized view made IF NOT EXISTS, dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW IF NOT EXISTS totals AS SELECT count(*) AS c FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
