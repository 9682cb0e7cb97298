-- a function and the check constraint that calls it are both dropped
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer CONSTRAINT n_even CHECK (twice(n) < 100));
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
