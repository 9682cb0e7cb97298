-- CHECK (n BETWEEN 1 AND 10)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n BETWEEN 1 AND 10));
