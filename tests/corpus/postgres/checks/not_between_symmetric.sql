-- CHECK (n NOT BETWEEN SYMMETRIC 5 AND 1)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n NOT BETWEEN SYMMETRIC 5 AND 1));
