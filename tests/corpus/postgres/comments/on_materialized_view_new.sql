-- a comment on a materialized view
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t;
COMMENT ON MATERIALIZED VIEW totals IS 'row count';
