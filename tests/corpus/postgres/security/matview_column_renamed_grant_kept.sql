-- a materialized view's column renamed after a column grant on it: the grant follows the new
-- name; the materialized view is made again with it
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE MATERIALIZED VIEW mv (id, label) AS SELECT id, a FROM t;
GRANT SELECT (id, label) ON mv TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text);
CREATE MATERIALIZED VIEW mv (id, label) AS SELECT id, a FROM t;
GRANT SELECT (id, label) ON mv TO corpus_reader;
ALTER MATERIALIZED VIEW mv RENAME COLUMN label TO title;
