-- declared type INTEGER to TEXT without --cast: refused, the values would compare and sort as text
-- expect: refused-as-designed
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT);
