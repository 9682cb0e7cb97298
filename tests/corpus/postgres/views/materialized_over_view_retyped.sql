-- a materialized view over a view over a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE VIEW positive AS SELECT label, n FROM t WHERE n > 0;
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM positive GROUP BY label;
CREATE INDEX sums_label ON sums (label);
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text, n bigint);
CREATE VIEW positive AS SELECT label, n FROM t WHERE n > 0;
CREATE MATERIALIZED VIEW sums AS SELECT label, sum(n) AS s FROM positive GROUP BY label;
CREATE INDEX sums_label ON sums (label);
