-- a role holding SELECT on a view and EXECUTE on a function WITH GRANT OPTION grants them to their
-- owner (pg_dump: under SET SESSION AUTHORIZATION): grants of the role's own (access-widening)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE VIEW doc_ids AS SELECT id FROM docs;
ALTER VIEW doc_ids OWNER TO corpus_owner;
CREATE FUNCTION doc_count() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint';
ALTER FUNCTION doc_count() OWNER TO corpus_owner;
GRANT SELECT ON doc_ids TO corpus_reader WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION doc_count() TO corpus_reader WITH GRANT OPTION;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE VIEW doc_ids AS SELECT id FROM docs;
ALTER VIEW doc_ids OWNER TO corpus_owner;
CREATE FUNCTION doc_count() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint';
ALTER FUNCTION doc_count() OWNER TO corpus_owner;
GRANT SELECT ON doc_ids TO corpus_reader WITH GRANT OPTION;
GRANT EXECUTE ON FUNCTION doc_count() TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT ON doc_ids TO corpus_owner;
GRANT EXECUTE ON FUNCTION doc_count() TO corpus_owner;
RESET ROLE;
