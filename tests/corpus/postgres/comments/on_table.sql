-- COMMENT ON TABLE
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON TABLE t IS 'the things';
