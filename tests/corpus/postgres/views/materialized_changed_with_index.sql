-- a materialized view that changes keeps its index (made again with it)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM t GROUP BY label;
CREATE UNIQUE INDEX sums_label ON sums (label);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s, count(*) AS c FROM t GROUP BY label;
CREATE UNIQUE INDEX sums_label ON sums (label);
