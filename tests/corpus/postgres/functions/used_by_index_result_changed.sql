-- a function used by an expression index changes its result type (the index is rebuilt)
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_twice ON t (twice(n));
-- new
CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x::bigint * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE INDEX t_twice ON t (twice(n));
