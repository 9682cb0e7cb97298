-- a grant on a function named without its argument types, the same in both versions,
-- while a table is added
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x + 1';
GRANT EXECUTE ON FUNCTION add_one TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x + 1';
GRANT EXECUTE ON FUNCTION add_one TO corpus_reader;
CREATE TABLE notes (id integer PRIMARY KEY, body text);
