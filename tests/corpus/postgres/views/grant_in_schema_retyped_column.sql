-- a view in another schema, granted to a role, over a column whose type changes
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY, n integer);
CREATE VIEW app.v AS SELECT id, n FROM app.t;
GRANT SELECT ON app.v TO corpus_reader;
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY, n bigint);
CREATE VIEW app.v AS SELECT id, n FROM app.t;
GRANT SELECT ON app.v TO corpus_reader;
