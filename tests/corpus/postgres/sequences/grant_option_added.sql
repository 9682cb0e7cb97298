-- a sequence's grant gains WITH GRANT OPTION (access-widening)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE s;
GRANT USAGE ON SEQUENCE s TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE s;
GRANT USAGE ON SEQUENCE s TO corpus_reader WITH GRANT OPTION;
