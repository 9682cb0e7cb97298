-- a publication owned by another role, the same in both versions: its owner read alike from the file
-- and the database
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE PUBLICATION changes FOR TABLE orders;
ALTER PUBLICATION changes OWNER TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE PUBLICATION changes FOR TABLE orders;
ALTER PUBLICATION changes OWNER TO corpus_owner;
