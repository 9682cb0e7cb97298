-- a function and the expression index that calls it are both dropped
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_twice ON t (twice(n));
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
