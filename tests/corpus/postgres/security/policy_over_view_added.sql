-- a view and a policy that reads it, added together: the view is made before the policy (access-widening: a permissive policy)
-- args: --allow-access-widening
-- old
CREATE TABLE members (user_name text NOT NULL, team_id integer NOT NULL, left_at timestamptz);
CREATE TABLE docs (id integer PRIMARY KEY, team_id integer NOT NULL, body text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
-- new
CREATE TABLE members (user_name text NOT NULL, team_id integer NOT NULL, left_at timestamptz);
CREATE TABLE docs (id integer PRIMARY KEY, team_id integer NOT NULL, body text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE VIEW current_members AS SELECT user_name, team_id FROM members WHERE left_at IS NULL;
CREATE POLICY team_reads ON docs FOR SELECT
    USING (EXISTS (SELECT 1 FROM current_members cm WHERE cm.team_id = docs.team_id AND cm.user_name = current_user));
