-- COMMENT ON TABLE
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON TABLE t IS 'the things';
