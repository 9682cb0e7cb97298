-- ADD COLUMN with no declared type
-- old
CREATE TABLE loose (id INTEGER PRIMARY KEY, x);
-- new
CREATE TABLE loose (id INTEGER PRIMARY KEY, x, y);
