-- ALTER COLUMN SET DEFAULT
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT 7);
