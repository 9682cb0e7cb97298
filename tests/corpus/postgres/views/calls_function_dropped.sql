-- a view and the function it calls are both dropped (the view first)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE VIEW v AS SELECT id, twice(n) AS n2 FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
