-- columns with no declared type
-- old
CREATE TABLE a (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE a (id INTEGER PRIMARY KEY);
CREATE TABLE loose (x, y, z);
