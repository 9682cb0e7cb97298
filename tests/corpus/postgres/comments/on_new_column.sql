-- a new column with a comment
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
COMMENT ON COLUMN t.n IS 'a count';
