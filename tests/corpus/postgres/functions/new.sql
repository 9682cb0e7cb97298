-- a new SQL function
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';
