-- PUBLIC's EXECUTE given back to a function (access-widening, refused without the flag)
-- expect: refused-as-designed
-- old
CREATE FUNCTION secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION secret() FROM PUBLIC;
-- new
CREATE FUNCTION secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
