-- USAGE and SELECT on a sequence granted to a role (access-widening)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE ticket_numbers;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SEQUENCE ticket_numbers;
GRANT USAGE, SELECT ON SEQUENCE ticket_numbers TO corpus_reader;
