-- an immutable function used by a generated column changes its body only (replaced in place)
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id integer PRIMARY KEY, n integer, d integer GENERATED ALWAYS AS (twice(n)) STORED);
-- new
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + x';
CREATE TABLE t (id integer PRIMARY KEY, n integer, d integer GENERATED ALWAYS AS (twice(n)) STORED);
