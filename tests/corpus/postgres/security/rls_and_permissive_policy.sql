-- row level security enabled and a permissive policy added: narrowing (every row was open before), no --allow-access-widening needed
-- old
CREATE TABLE t (id integer PRIMARY KEY, owner text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, owner text);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON t USING (owner = current_user);
