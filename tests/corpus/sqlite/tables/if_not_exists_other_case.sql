-- a table made a second time with IF NOT EXISTS under its name in other letter case: SQLite
-- skips the statement, the name being taken without regard to case
-- old
CREATE TABLE "Members" (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE IF NOT EXISTS MEMBERS (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);
-- new
CREATE TABLE "Members" (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE IF NOT EXISTS MEMBERS (id INTEGER PRIMARY KEY, name TEXT, age INTEGER);
CREATE INDEX members_name ON "Members" (name);
