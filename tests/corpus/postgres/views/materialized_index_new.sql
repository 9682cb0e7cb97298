-- an index added to a materialized view
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT n, count(*) AS c FROM t GROUP BY n;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT n, count(*) AS c FROM t GROUP BY n;
CREATE UNIQUE INDEX totals_n ON totals (n);
