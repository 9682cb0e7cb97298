-- DEFAULT NULL given to a column and written on a new one: SQLite keeps it (dflt_value NULL)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT NULL, y TEXT DEFAULT NULL);
