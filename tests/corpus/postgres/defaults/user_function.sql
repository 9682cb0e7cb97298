-- DEFAULT calling a user-defined SQL function
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE FUNCTION seven() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 7';
CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT seven());
