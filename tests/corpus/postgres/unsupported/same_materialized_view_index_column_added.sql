-- a materialized view and its unnamed index the same in both versions; a column is added to the table
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT n, count(*) AS c FROM t GROUP BY n;
CREATE INDEX ON totals (n ASC);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, note text);
CREATE MATERIALIZED VIEW totals AS SELECT n, count(*) AS c FROM t GROUP BY n;
CREATE INDEX ON totals (n ASC);
