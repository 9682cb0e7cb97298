-- a policy whose expression qualifies its column with the table's name
-- args: --allow-access-widening
-- old
CREATE TABLE docs (id integer PRIMARY KEY, owner text);
-- new
CREATE TABLE docs (id integer PRIMARY KEY, owner text);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON docs USING (docs.owner = current_user) WITH CHECK (public.docs.owner = current_user);
