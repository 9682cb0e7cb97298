-- a policy whose USING reads another table through EXISTS
-- args: --allow-access-widening
-- old
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE members (user_name text, team integer);
CREATE TABLE docs (id integer PRIMARY KEY, team integer);
-- new
DO $$ BEGIN CREATE ROLE corpus_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_writer; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
CREATE TABLE members (user_name text, team integer);
CREATE TABLE docs (id integer PRIMARY KEY, team integer);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY team ON docs FOR SELECT USING (EXISTS (SELECT 1 FROM members AS m WHERE m.team = docs.team AND m.user_name = current_user));
