-- ALTER COLUMN TYPE: integer widened to bigint
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
