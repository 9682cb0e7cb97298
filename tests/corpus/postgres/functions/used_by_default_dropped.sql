-- a function and the column default that calls it are both dropped (the default first)
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT twice(21));
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
