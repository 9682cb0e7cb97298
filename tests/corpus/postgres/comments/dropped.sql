-- a table comment removed with COMMENT ... IS NULL
-- old
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON TABLE t IS 'the things';
-- new
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON TABLE t IS 'the things';
COMMENT ON TABLE t IS NULL;
