-- an extension and a materialized view the same in both versions; a column is added
-- old
CREATE EXTENSION pg_trgm;
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t WITH NO DATA;
-- new
CREATE EXTENSION pg_trgm;
CREATE TABLE t (id integer PRIMARY KEY, n integer, note text);
CREATE MATERIALIZED VIEW totals AS SELECT count(*) AS c FROM t WITH NO DATA;
