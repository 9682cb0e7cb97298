-- a commented column whose type changes (the comment set again on the converted column)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
COMMENT ON COLUMN t.n IS 'a count';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
COMMENT ON COLUMN t.n IS 'a count';
