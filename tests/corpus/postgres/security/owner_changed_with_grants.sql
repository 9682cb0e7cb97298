-- the owner of a table, its serial sequence and a view changes from one role to another; the
-- owner's grants go with it (pg_dump's form: owner lines, then the grants as the owner made them)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id serial PRIMARY KEY, body text);
CREATE VIEW recent AS SELECT id, body FROM docs;
ALTER TABLE docs OWNER TO corpus_owner;
ALTER SEQUENCE docs_id_seq OWNER TO corpus_owner;
ALTER VIEW recent OWNER TO corpus_owner;
GRANT SELECT ON docs TO corpus_reader;
GRANT SELECT ON recent TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id serial PRIMARY KEY, body text);
CREATE VIEW recent AS SELECT id, body FROM docs;
ALTER TABLE docs OWNER TO corpus_writer;
ALTER SEQUENCE docs_id_seq OWNER TO corpus_writer;
ALTER VIEW recent OWNER TO corpus_writer;
GRANT SELECT ON docs TO corpus_reader;
GRANT SELECT ON recent TO corpus_reader;
