-- a new function and a new table whose default calls it
-- old
-- new
CREATE FUNCTION seven() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 7';
CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT seven());
