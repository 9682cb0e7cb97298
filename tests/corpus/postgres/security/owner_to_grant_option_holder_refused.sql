-- a table given to a role that holds a privilege on it WITH GRANT OPTION: PostgreSQL keeps the option in the
-- owner's own privileges, which are not modelled: refused with a located error
-- expect: refused-as-designed
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
