-- a column comment reworded
-- old
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON COLUMN t.id IS 'the key';
-- new
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON COLUMN t.id IS 'the primary key';
