-- a unique index over a column declared with its collation's name in lower case
-- (collation names are read without regard to case)
-- old
CREATE TABLE notetypes (id INTEGER PRIMARY KEY NOT NULL, usn INTEGER NOT NULL);
-- new
CREATE TABLE notetypes (id INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL COLLATE nocase, usn INTEGER NOT NULL);
CREATE UNIQUE INDEX notetypes_name ON notetypes (name);
CREATE TABLE decks (name TEXT NOT NULL PRIMARY KEY COLLATE nocase, id INTEGER NOT NULL);
