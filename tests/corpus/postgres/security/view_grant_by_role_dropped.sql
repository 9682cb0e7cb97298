-- a grant on a view a role made goes: revoked as that role, granted as that role on rollback
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT ON v TO corpus_writer;
RESET ROLE;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader WITH GRANT OPTION;
