-- a column grant on a view is revoked (narrowing)
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
CREATE VIEW v AS SELECT id, a, b FROM t;
GRANT SELECT (id, a) ON v TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
CREATE VIEW v AS SELECT id, a, b FROM t;
