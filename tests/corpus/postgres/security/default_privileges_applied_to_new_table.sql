-- ALTER DEFAULT PRIVILEGES … GRANT … ON TABLES / ON SEQUENCES above a CREATE TABLE, a CREATE VIEW and a CREATE SEQUENCE: each is made with those grants
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO corpus_reader;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO corpus_reader WITH GRANT OPTION;
CREATE TABLE notes (id integer PRIMARY KEY, body text);
CREATE VIEW note_bodies AS SELECT id, body FROM notes;
CREATE SEQUENCE note_numbers;
