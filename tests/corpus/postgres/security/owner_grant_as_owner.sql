-- a grant the owner made (SET ROLE owner; GRANT …, as a file may write it) is the same grant pg_dump writes plainly
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
CREATE VIEW ids AS SELECT id FROM docs;
ALTER TABLE docs OWNER TO corpus_owner;
ALTER VIEW ids OWNER TO corpus_owner;
GRANT SELECT ON docs TO corpus_reader;
GRANT SELECT ON ids TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
CREATE VIEW ids AS SELECT id FROM docs;
ALTER TABLE docs OWNER TO corpus_owner;
ALTER VIEW ids OWNER TO corpus_owner;
SET ROLE corpus_owner;
GRANT SELECT ON docs TO corpus_reader;
GRANT SELECT ON ids TO corpus_reader GRANTED BY corpus_owner;
RESET ROLE;
