-- a new table's DEFAULT NULL, in any spelling
-- old
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT DEFAULT NULL, n INTEGER DEFAULT (null));
