-- a commented function whose result type changes: dropped, created, commented again
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
COMMENT ON FUNCTION twice(integer) IS 'doubles';
-- new
CREATE FUNCTION twice(x integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x::bigint * 2';
COMMENT ON FUNCTION twice(integer) IS 'doubles';
