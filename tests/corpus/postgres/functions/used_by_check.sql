-- a new function and a check constraint that calls it
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE TABLE t (id integer PRIMARY KEY, n integer CHECK (add_one(n) > 0), label text);
