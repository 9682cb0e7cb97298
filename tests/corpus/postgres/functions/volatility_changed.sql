-- a function made STABLE instead of IMMUTABLE (replaced in place)
-- old
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
-- new
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql STABLE AS 'SELECT x + 1';
