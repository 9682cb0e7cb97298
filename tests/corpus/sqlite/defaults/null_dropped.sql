-- DEFAULT NULL removed: a column with none is another column to SQLite
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT NULL);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);
