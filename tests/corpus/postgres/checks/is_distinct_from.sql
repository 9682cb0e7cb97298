-- CHECK (a IS DISTINCT FROM b)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer, CHECK (a IS DISTINCT FROM b));
