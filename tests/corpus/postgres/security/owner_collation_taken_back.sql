-- a collation owned by another role goes back to the role that runs the migration (ALTER COLLATION
-- ... OWNER TO CURRENT_USER: narrowing), and another one owned by that role is dropped with its owner
-- old
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE COLLATION bytewise (provider = libc, locale = 'C');
CREATE COLLATION posix (provider = libc, locale = 'POSIX');
ALTER COLLATION bytewise OWNER TO corpus_owner;
ALTER COLLATION posix OWNER TO corpus_owner;
-- new
DO $$ BEGIN CREATE ROLE corpus_owner; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE COLLATION bytewise (provider = libc, locale = 'C');
