-- a function revoked from PUBLIC and granted to a role is made again (its result changes): both come back
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE ALL ON FUNCTION secret() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION secret() TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION secret() RETURNS bigint LANGUAGE sql AS 'SELECT 42::bigint';
REVOKE ALL ON FUNCTION secret() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION secret() TO corpus_reader;
