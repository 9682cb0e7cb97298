-- a role holding a privilege WITH GRANT OPTION grants it to the table's owner (pg_dump: under SET
-- SESSION AUTHORIZATION): a grant of the role's own, made as the role (access-widening)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
GRANT SELECT, UPDATE ON docs TO corpus_reader WITH GRANT OPTION;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
GRANT SELECT, UPDATE ON docs TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT ON docs TO corpus_owner;
RESET ROLE;
