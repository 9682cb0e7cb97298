-- a table made under SET ROLE is that role's (pg_dump writes SET SESSION AUTHORIZATION so)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT CREATE ON SCHEMA public TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT CREATE ON SCHEMA public TO corpus_owner;
SET ROLE corpus_owner;
CREATE TABLE docs (id integer PRIMARY KEY);
RESET ROLE;
