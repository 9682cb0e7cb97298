-- ALTER COLUMN TYPE: the middle column of three widened from integer to bigint, through a shadow
-- column (PostgreSQL rewrites the table for it): the column ends last, as generate warns
-- expect: column-moved
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint, label text);
