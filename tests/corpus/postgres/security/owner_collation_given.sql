-- a collation given to another role (ALTER COLLATION ... OWNER TO): access-widening
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE COLLATION bytewise (provider = libc, locale = 'C');
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE COLLATION bytewise (provider = libc, locale = 'C');
ALTER COLLATION bytewise OWNER TO corpus_owner;
