-- default privileges widened (SELECT to SELECT, INSERT) and PUBLIC's EXECUTE taken away, without --allow-access-widening: refused
-- expect: refused-as-designed
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT ON TABLES TO corpus_reader;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
