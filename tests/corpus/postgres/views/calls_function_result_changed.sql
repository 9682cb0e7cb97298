-- a view calls a function whose result type changes (the view is dropped before the function and created after)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE VIEW v AS SELECT id, twice(n) AS n2 FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x::bigint * 2';
CREATE VIEW v AS SELECT id, twice(n) AS n2 FROM t;
