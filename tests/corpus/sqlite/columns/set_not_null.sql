-- a column becomes NOT NULL (a table rebuild)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
