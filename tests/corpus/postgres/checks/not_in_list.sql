-- CHECK (n NOT IN (0, 13))
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n NOT IN (0, 13)));
