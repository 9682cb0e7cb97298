-- a named table CHECK constraint added
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, lo INTEGER, hi INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, lo INTEGER, hi INTEGER, CONSTRAINT t_range CHECK (lo <= hi));
