-- a table created with a column whose name is written in mixed case
-- (SQLite keeps the name as written and matches it without regard to case)
-- old
CREATE TABLE log (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE log (id INTEGER PRIMARY KEY);
CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  lastValue INTEGER NOT NULL,
  nextValue INTEGER
);
CREATE INDEX entries_lastValue ON entries (lastValue);
