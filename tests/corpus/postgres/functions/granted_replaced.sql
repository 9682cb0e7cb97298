-- a function replaced in place (same signature) keeps its grants
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS 'SELECT 41';
REVOKE EXECUTE ON FUNCTION answer() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION answer() TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION answer() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION answer() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION answer() TO corpus_reader;
