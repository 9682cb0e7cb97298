-- a new FTS5 virtual table (virtual tables are kept outside the model: refused by name)
-- expect: refused-as-designed
-- old
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
-- new
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
CREATE VIRTUAL TABLE notes_search USING fts5(body);
