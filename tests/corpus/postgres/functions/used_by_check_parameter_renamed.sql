-- a function used by a check renames its parameter (dropped and created: the check is dropped and added again)
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer CONSTRAINT n_small CHECK (twice(n) < 100));
-- new
CREATE FUNCTION twice(y integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT y * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer CONSTRAINT n_small CHECK (twice(n) < 100));
