-- MAINTAIN revoked from a table and a materialized view, SELECT kept (narrowing)
-- needs: PostgreSQL 17
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE MATERIALIZED VIEW doc_ids AS SELECT id FROM docs;
GRANT SELECT, MAINTAIN ON docs TO corpus_reader;
GRANT SELECT, MAINTAIN ON doc_ids TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE MATERIALIZED VIEW doc_ids AS SELECT id FROM docs;
GRANT SELECT ON docs TO corpus_reader;
GRANT SELECT ON doc_ids TO corpus_reader;
