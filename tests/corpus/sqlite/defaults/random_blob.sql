-- DEFAULT (lower(hex(randomblob(16)))): a random token, a function default SQLite has
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, token TEXT DEFAULT (lower(hex(randomblob(16)))));
