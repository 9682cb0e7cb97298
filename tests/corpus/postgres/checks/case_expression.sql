-- CHECK with a CASE expression
-- old
CREATE TABLE t (id integer PRIMARY KEY, kind text, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, kind text, n integer, CHECK (CASE WHEN kind = 'x' THEN n > 0 ELSE true END));
