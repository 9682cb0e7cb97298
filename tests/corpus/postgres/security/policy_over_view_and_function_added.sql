-- membership helpers in their own schema (a SECURITY DEFINER function over a view) and policies calling them, on a new table
-- args: --allow-access-widening
-- old
CREATE TABLE members (user_name text NOT NULL, team_id integer NOT NULL, left_at timestamptz);
-- new
CREATE TABLE members (user_name text NOT NULL, team_id integer NOT NULL, left_at timestamptz);
CREATE SCHEMA helpers;
CREATE VIEW current_members AS SELECT user_name, team_id FROM members WHERE left_at IS NULL;
CREATE FUNCTION helpers.in_team(p_team integer) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    AS $$ SELECT EXISTS (SELECT 1 FROM current_members WHERE user_name = current_user AND team_id = p_team) $$;
CREATE TABLE docs (id integer PRIMARY KEY, team_id integer NOT NULL, body text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE docs FORCE ROW LEVEL SECURITY;
CREATE POLICY team_reads ON docs FOR SELECT USING (helpers.in_team(team_id));
CREATE POLICY team_writes ON docs FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM current_members cm WHERE cm.team_id = docs.team_id AND cm.user_name = current_user));
