-- an index written without a name on a materialized view, its keys changed (PostgreSQL names it mv_a_idx, then mv_a_b_idx)
-- old
CREATE TABLE t (a integer, b text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;
CREATE INDEX ON mv (a);
-- new
CREATE TABLE t (a integer, b text);
CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;
CREATE INDEX ON mv (a, b);
