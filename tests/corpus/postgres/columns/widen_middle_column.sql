-- ALTER COLUMN TYPE: the middle column of three widened from integer to bigint
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint, label text);
