-- a public SELECT policy replaced under another name by one that lets each user see their own rows: the table's SELECT policies let no more through, so it is not access-widening (no flag)
-- old
CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Notes are readable by everyone" ON notes FOR SELECT USING (true);
CREATE POLICY "Authors write their notes" ON notes FOR INSERT WITH CHECK (author = current_user);
-- new
CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Authors read their notes" ON notes FOR SELECT USING (author = current_user);
CREATE POLICY "Authors write their notes" ON notes FOR INSERT WITH CHECK (author = current_user);
