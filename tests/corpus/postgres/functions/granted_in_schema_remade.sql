-- a function of another schema, granted to a role WITH GRANT OPTION and revoked from PUBLIC, is made again (its parameter changes type)
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE FUNCTION app.twice(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';
REVOKE ALL ON FUNCTION app.twice(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.twice(integer) TO corpus_reader WITH GRANT OPTION;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE FUNCTION app.twice(x bigint) RETURNS bigint LANGUAGE sql AS 'SELECT x * 2';
REVOKE ALL ON FUNCTION app.twice(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.twice(bigint) TO corpus_reader WITH GRANT OPTION;
