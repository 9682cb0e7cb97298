-- a STRICT table becomes an ordinary table
-- old
CREATE TABLE s (id INTEGER PRIMARY KEY, name TEXT) STRICT;
-- new
CREATE TABLE s (id INTEGER PRIMARY KEY, name TEXT);
