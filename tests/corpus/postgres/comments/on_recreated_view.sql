-- a commented view (and view column) whose column changes type: commented again after it is created
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n FROM t;
COMMENT ON VIEW v IS 'all rows';
COMMENT ON COLUMN v.n IS 'the count';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n::bigint AS n FROM t;
COMMENT ON VIEW v IS 'all rows';
COMMENT ON COLUMN v.n IS 'the count';
