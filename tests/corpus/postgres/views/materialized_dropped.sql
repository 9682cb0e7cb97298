-- a materialized view dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
