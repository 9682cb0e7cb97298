-- an index's comment changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_n ON t (n);
COMMENT ON INDEX t_n IS 'lookups';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_n ON t (n);
COMMENT ON INDEX t_n IS 'lookups by n';
