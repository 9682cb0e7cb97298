-- DROP of a column with no declared type
-- old
CREATE TABLE loose (id INTEGER PRIMARY KEY, x, y TEXT);
-- new
CREATE TABLE loose (id INTEGER PRIMARY KEY, y TEXT);
