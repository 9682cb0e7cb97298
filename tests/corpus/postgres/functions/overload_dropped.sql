-- one of two overloads dropped
-- old
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE FUNCTION twice(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT x || x';
-- new
CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
