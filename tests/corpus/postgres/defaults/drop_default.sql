-- ALTER COLUMN DROP DEFAULT
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT 7);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
