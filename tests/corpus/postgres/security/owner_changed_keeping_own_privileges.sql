-- a table whose owner holds only SELECT of it goes to another role: ALTER TABLE ... OWNER TO moves
-- the owner's own privileges to the new owner (they stay as they were)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
REVOKE ALL ON TABLE docs FROM corpus_owner;
GRANT SELECT ON TABLE docs TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_writer;
REVOKE ALL ON TABLE docs FROM corpus_writer;
GRANT SELECT ON TABLE docs TO corpus_writer;
