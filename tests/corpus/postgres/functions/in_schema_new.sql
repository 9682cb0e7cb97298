-- a new function in another schema
-- old
CREATE SCHEMA util;
-- new
CREATE SCHEMA util;
CREATE FUNCTION util.double(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 2 * x';
