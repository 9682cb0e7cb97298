-- default privileges of another role (FOR ROLE) added, on objects that role makes in a schema
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.docs (id integer PRIMARY KEY);
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.docs (id integer PRIMARY KEY);
ALTER DEFAULT PRIVILEGES FOR ROLE corpus_owner IN SCHEMA app GRANT SELECT ON TABLES TO corpus_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE corpus_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
