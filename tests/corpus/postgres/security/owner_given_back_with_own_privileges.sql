-- a table whose owner kept only SELECT goes back to the role that runs the migration, whose own
-- privileges are every one again (ALTER ... OWNER TO CURRENT_USER, then GRANT ALL)
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
REVOKE ALL ON TABLE docs FROM corpus_owner;
GRANT SELECT ON TABLE docs TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
