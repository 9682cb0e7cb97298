-- CHECK (n IS NOT NULL) instead of NOT NULL
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_present CHECK (n IS NOT NULL));
