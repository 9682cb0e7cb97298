-- CHECK constraint dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (n > 0));
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
