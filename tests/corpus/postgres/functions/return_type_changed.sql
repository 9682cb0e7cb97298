-- a function whose result type changes (dropped and created again)
-- old
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
-- new
CREATE FUNCTION add_one(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
