-- ALTER DEFAULT PRIVILEGES … ON SEQUENCES above a table with a serial and an identity column: their sequences are made with those grants
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO corpus_reader;
CREATE TABLE notes (id serial PRIMARY KEY, n integer GENERATED ALWAYS AS IDENTITY);
