-- a materialized view over a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint, label text);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label;
