-- a table owned by a role that keeps only SELECT of it, granted back WITH GRANT OPTION (as pg_dump
-- writes an owner's own privileges: REVOKE ALL, then GRANT)
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY, body text);
ALTER TABLE docs OWNER TO corpus_owner;
REVOKE ALL ON TABLE docs FROM corpus_owner;
GRANT SELECT ON TABLE docs TO corpus_owner WITH GRANT OPTION;
