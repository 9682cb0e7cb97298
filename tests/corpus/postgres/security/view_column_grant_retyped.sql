-- a view with a column grant is retyped (dropped and created): the column grant comes back
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, b text, a integer);
CREATE VIEW v AS SELECT id, a, b FROM t;
GRANT SELECT (id, a) ON v TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, b text, a bigint);
CREATE VIEW v AS SELECT id, a, b FROM t;
GRANT SELECT (id, a) ON v TO corpus_reader;
