-- a role holding SELECT on a view WITH GRANT OPTION grants it on: made as that role
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader WITH GRANT OPTION;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader WITH GRANT OPTION;
SET ROLE corpus_reader;
GRANT SELECT ON v TO corpus_writer;
RESET ROLE;
