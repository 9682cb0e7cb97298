-- MAINTAIN (PostgreSQL 17+: VACUUM, ANALYZE, REFRESH, REINDEX, CLUSTER, LOCK) granted alone on a
-- table and a materialized view (access-widening)
-- needs: PostgreSQL 17
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE MATERIALIZED VIEW doc_ids AS SELECT id FROM docs;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE MATERIALIZED VIEW doc_ids AS SELECT id FROM docs;
GRANT MAINTAIN ON docs TO corpus_reader;
GRANT MAINTAIN ON doc_ids TO corpus_reader;
