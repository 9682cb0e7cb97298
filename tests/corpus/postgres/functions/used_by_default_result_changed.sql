-- a function used by a column default changes its result type (the default is taken off and set again)
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n bigint DEFAULT twice(21));
-- new
CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x::bigint * 2';
CREATE TABLE t (id integer PRIMARY KEY, n bigint DEFAULT twice(21));
