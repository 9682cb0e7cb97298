-- ALTER COLUMN TYPE: smallint widened to integer
-- old
CREATE TABLE t (id integer PRIMARY KEY, n smallint);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
