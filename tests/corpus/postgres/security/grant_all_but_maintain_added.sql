-- every table privilege but MAINTAIN granted (access-widening): seven privileges, not GRANT ALL
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, body text);
-- new
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, body text);
GRANT TRIGGER, REFERENCES, TRUNCATE, DELETE, UPDATE, INSERT, SELECT ON docs TO corpus_writer;
