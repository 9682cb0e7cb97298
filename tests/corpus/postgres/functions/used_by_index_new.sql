-- a new function and an expression index that calls it
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_twice ON t (twice(n));
