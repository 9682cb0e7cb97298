-- GRANT … GRANTED BY CURRENT_USER under SET ROLE: that role's grant; OWNER TO CURRENT_USER: the runner's
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
ALTER TABLE docs OWNER TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
GRANT SELECT ON docs TO corpus_owner WITH GRANT OPTION;
SET ROLE corpus_owner;
GRANT SELECT ON docs TO corpus_reader GRANTED BY CURRENT_USER;
RESET ROLE;
ALTER TABLE docs OWNER TO CURRENT_USER;
