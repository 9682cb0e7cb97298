-- a table whose column names are written in mixed case, kept while a table is added
-- (SQLite keeps the names as written and matches them without regard to case: the
-- contract's check of the kept table must too)
-- old
CREATE TABLE log (id INTEGER PRIMARY KEY, lastValue INTEGER NOT NULL, seenAt TEXT);
-- new
CREATE TABLE log (id INTEGER PRIMARY KEY, lastValue INTEGER NOT NULL, seenAt TEXT);
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
