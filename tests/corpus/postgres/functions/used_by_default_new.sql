-- a new function used by a new default of an existing column
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT twice(21));
