-- a new table with a table comment
-- old
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
COMMENT ON TABLE t IS 'things';
