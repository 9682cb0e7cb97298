-- a function revoked from PUBLIC and granted to a role is dropped: its grants go with it (not access-widening)
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION secret() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION secret() TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
