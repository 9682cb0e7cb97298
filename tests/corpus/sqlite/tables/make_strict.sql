-- an ordinary table becomes STRICT
-- old
CREATE TABLE s (id INTEGER PRIMARY KEY, name TEXT);
-- new
CREATE TABLE s (id INTEGER PRIMARY KEY, name TEXT) STRICT;
