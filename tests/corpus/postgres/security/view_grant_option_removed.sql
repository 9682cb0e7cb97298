-- a grant on a view loses WITH GRANT OPTION (narrowing)
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader WITH GRANT OPTION;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader;
