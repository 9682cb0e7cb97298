-- a column's comment changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
COMMENT ON COLUMN t.n IS 'a count';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
COMMENT ON COLUMN t.n IS 'how many';
