-- GRANT ALL replaced by every table privilege but MAINTAIN (PostgreSQL 17's): narrowing, MAINTAIN revoked
-- old
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, body text);
GRANT ALL ON docs TO corpus_writer;
-- new
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, owner text NOT NULL, body text);
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON docs TO corpus_writer;
