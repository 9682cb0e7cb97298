-- a grant a role made to the table's owner is revoked, as that role (narrowing)
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
GRANT SELECT, UPDATE ON docs TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT ON docs TO corpus_owner;
RESET ROLE;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
GRANT SELECT, UPDATE ON docs TO corpus_reader WITH GRANT OPTION;
