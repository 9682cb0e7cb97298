-- CHECK (n::numeric > 0.5)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n::numeric > 0.5));
