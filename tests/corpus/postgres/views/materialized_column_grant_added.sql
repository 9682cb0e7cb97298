-- a column grant on a materialized view is added (access-widening)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE MATERIALIZED VIEW m AS SELECT id, a FROM t;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE MATERIALIZED VIEW m AS SELECT id, a FROM t;
GRANT SELECT (id) ON m TO corpus_reader;
