-- a SQL function whose body changes
-- old
CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i + 2';
