-- a view granted WITH GRANT OPTION is retyped (dropped and created): the grant and its option come back
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a integer);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader WITH GRANT OPTION;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE t (id integer PRIMARY KEY, a bigint);
CREATE VIEW v AS SELECT id, a FROM t;
GRANT SELECT ON v TO corpus_reader WITH GRANT OPTION;
