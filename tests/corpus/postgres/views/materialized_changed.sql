-- a materialized view whose query changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c, sum(n) AS s FROM t;
