-- ALTER POLICY with the table-qualified column, kept while another column is added
-- old
CREATE TABLE docs (id integer PRIMARY KEY, owner text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (true);
ALTER POLICY own ON docs USING (docs.owner = current_user);
-- new
CREATE TABLE docs (id integer PRIMARY KEY, owner text, body text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (docs.owner = current_user);
