-- a STORED generated column in a new table
-- old
CREATE TABLE a (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE a (id INTEGER PRIMARY KEY);
CREATE TABLE t (id INTEGER PRIMARY KEY, first TEXT, last TEXT, full TEXT AS (first || ' ' || last) STORED);
