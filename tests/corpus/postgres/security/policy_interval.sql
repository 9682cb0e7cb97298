-- a policy over an interval: USING (created_at > now() - interval '90 days')
-- args: --allow-access-widening
-- old
CREATE TABLE events (id integer PRIMARY KEY, created_at timestamptz NOT NULL);
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
-- new
CREATE TABLE events (id integer PRIMARY KEY, created_at timestamptz NOT NULL);
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY recent ON events FOR SELECT USING (created_at > now() - interval '90 days');
