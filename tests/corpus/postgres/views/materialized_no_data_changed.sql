-- a materialized view WITH NO DATA whose query changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label WITH NO DATA;
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s, count(*) AS k FROM t GROUP BY label WITH NO DATA;
