-- new objects of every owned kind made for another role (a new object changes no hands: additive)
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE docs (id integer PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE app.notes (id integer PRIMARY KEY);
CREATE SEQUENCE app.ticket;
CREATE TYPE app.mood AS ENUM ('ok', 'sad');
CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
CREATE VIEW app.note_ids AS SELECT id FROM app.notes;
CREATE MATERIALIZED VIEW app.note_count AS SELECT count(*) AS n FROM app.notes;
CREATE FUNCTION app.twice(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a * 2 $$;
CREATE PROCEDURE app.touch() LANGUAGE sql AS $$ SELECT 1 $$;
ALTER SCHEMA app OWNER TO corpus_owner;
ALTER TABLE app.notes OWNER TO corpus_owner;
ALTER SEQUENCE app.ticket OWNER TO corpus_owner;
ALTER TYPE app.mood OWNER TO corpus_owner;
ALTER DOMAIN app.positive OWNER TO corpus_owner;
ALTER VIEW app.note_ids OWNER TO corpus_owner;
ALTER MATERIALIZED VIEW app.note_count OWNER TO corpus_owner;
ALTER FUNCTION app.twice(integer) OWNER TO corpus_owner;
ALTER PROCEDURE app.touch OWNER TO corpus_owner;
