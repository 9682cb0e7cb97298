-- a new materialized view WITH NO DATA
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t WITH NO DATA;
