-- a function made SECURITY DEFINER (replaced in place)
-- old
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
-- new
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE SECURITY DEFINER AS 'SELECT x + 1';
