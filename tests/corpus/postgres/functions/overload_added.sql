-- an overload added beside a function
-- old
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
-- new
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE FUNCTION add_one(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
