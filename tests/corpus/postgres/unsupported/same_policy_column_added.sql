-- row level security and a policy the same in both versions; a column is added
-- old
CREATE TABLE t (id integer PRIMARY KEY, owner text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON t FOR UPDATE USING (owner = current_user) WITH CHECK (owner = 'x');
-- new
CREATE TABLE t (id integer PRIMARY KEY, owner text, note text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON t FOR UPDATE USING (owner = current_user) WITH CHECK (owner = 'x');
