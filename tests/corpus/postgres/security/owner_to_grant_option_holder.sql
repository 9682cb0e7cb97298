-- a table given to a role that holds a privilege on it WITH GRANT OPTION: PostgreSQL merges it into the
-- owner's own privileges (pg_dump: REVOKE ALL … FROM owner, the grants, SELECT WITH GRANT OPTION), and
-- the role's grant becomes the owner's
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
GRANT SELECT ON docs TO corpus_owner WITH GRANT OPTION;
SET ROLE corpus_owner;
GRANT SELECT ON docs TO corpus_reader;
RESET ROLE;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
GRANT SELECT ON docs TO corpus_owner WITH GRANT OPTION;
SET ROLE corpus_owner;
GRANT SELECT ON docs TO corpus_reader;
RESET ROLE;
ALTER TABLE docs OWNER TO corpus_owner;
