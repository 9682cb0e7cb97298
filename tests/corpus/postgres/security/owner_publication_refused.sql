-- a publication given to another role: publications are not migrated, so a different owner is refused
-- by name (never "no changes")
-- expect: refused-as-designed
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE PUBLICATION changes FOR TABLE orders;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE PUBLICATION changes FOR TABLE orders;
ALTER PUBLICATION changes OWNER TO corpus_owner;
