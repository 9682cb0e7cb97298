-- a comment on an index
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE INDEX t_n ON t (n);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE INDEX t_n ON t (n);
COMMENT ON INDEX t_n IS 'for range scans';
