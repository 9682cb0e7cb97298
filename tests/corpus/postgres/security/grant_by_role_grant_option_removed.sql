-- a grant a role made WITH GRANT OPTION loses the option, the grantee keeping the privilege
-- (narrowing): revoked as the role
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
GRANT SELECT, UPDATE ON docs TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT ON docs TO corpus_writer WITH GRANT OPTION;
RESET ROLE;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
GRANT SELECT, UPDATE ON docs TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT ON docs TO corpus_writer;
RESET ROLE;
