-- a materialized view over a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label;
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text, n bigint);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label;
