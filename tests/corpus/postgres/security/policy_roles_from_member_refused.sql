-- a policy moved from a member of a role to the role (GRANT corpus_team TO corpus_team_lead): it
-- reaches more roles, access-widening: refused without --allow-access-widening
-- expect: refused-as-designed
-- old
DO $$ BEGIN CREATE ROLE corpus_team; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_team_lead; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT corpus_team TO corpus_team_lead;
CREATE TABLE docs (id integer PRIMARY KEY, owner text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON docs FOR SELECT TO corpus_team_lead USING (owner = current_user);
-- new
DO $$ BEGIN CREATE ROLE corpus_team; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE corpus_team_lead; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
GRANT corpus_team TO corpus_team_lead;
CREATE TABLE docs (id integer PRIMARY KEY, owner text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON docs FOR SELECT TO corpus_team USING (owner = current_user);
