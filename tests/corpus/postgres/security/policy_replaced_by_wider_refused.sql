-- a per-user SELECT policy replaced under another name by one for every row: the table's SELECT policies let more through (access-widening), refused without --allow-access-widening
-- expect: refused-as-designed
-- old
CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Authors read their notes" ON notes FOR SELECT USING (author = current_user);
-- new
CREATE TABLE notes (id integer PRIMARY KEY, author text NOT NULL, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Notes are readable by everyone" ON notes FOR SELECT USING (true);
