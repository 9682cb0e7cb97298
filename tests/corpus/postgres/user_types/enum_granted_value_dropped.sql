-- an enum revoked from PUBLIC and granted to a role loses a value (made again): its grants come back
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('sad', 'happy', 'meh');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
REVOKE USAGE ON TYPE mood FROM PUBLIC;
GRANT USAGE ON TYPE mood TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
REVOKE USAGE ON TYPE mood FROM PUBLIC;
GRANT USAGE ON TYPE mood TO corpus_reader;
