-- CHECK (coalesce(n, 0) >= 0)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (coalesce(n, 0) >= 0));
