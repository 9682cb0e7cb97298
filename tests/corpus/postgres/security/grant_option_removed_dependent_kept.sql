-- a role loses WITH GRANT OPTION after granting the privilege on; the other role keeps it
-- (given again by the owner after REVOKE … CASCADE takes it)
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, owner text, body text);
GRANT SELECT, UPDATE ON docs TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT, UPDATE ON docs TO corpus_writer;
RESET ROLE;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, owner text, body text);
GRANT SELECT, UPDATE ON docs TO corpus_reader;
GRANT SELECT, UPDATE ON docs TO corpus_writer;
