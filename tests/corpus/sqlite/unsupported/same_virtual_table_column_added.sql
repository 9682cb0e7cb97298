-- an FTS5 virtual table, the same in both versions (its shadow tables are its own), while a
-- column is added to a table
-- old
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS notes_search USING fts5(body);
-- new
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, title TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS notes_search USING fts5(body);
