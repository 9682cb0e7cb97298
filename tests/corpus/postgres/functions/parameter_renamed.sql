-- a function whose parameter is renamed (dropped and created again)
-- old
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
-- new
CREATE FUNCTION add_one(y integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT y + 1';
