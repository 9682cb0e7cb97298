-- COMMENT ON COLUMN
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON COLUMN t.id IS 'the key';
