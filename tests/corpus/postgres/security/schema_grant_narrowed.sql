-- USAGE on a schema revoked
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY);
GRANT USAGE, CREATE ON SCHEMA app TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY);
GRANT USAGE ON SCHEMA app TO corpus_reader;
