-- CHECK (n = ANY (ARRAY[1, 2, 3]))
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n = ANY (ARRAY[1, 2, 3])));
