-- a view's column renamed (ALTER VIEW … RENAME COLUMN): the view is made again and the column
-- grant on it follows the new name (additive: given back as it was)
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
CREATE VIEW v AS SELECT id, a, b FROM t;
GRANT SELECT (id, a), UPDATE (a) ON v TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
CREATE VIEW v AS SELECT id, a, b FROM t;
GRANT SELECT (id, a), UPDATE (a) ON v TO corpus_reader;
ALTER VIEW v RENAME COLUMN a TO alpha;
