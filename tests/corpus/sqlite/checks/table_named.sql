-- a named table CHECK over two columns
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, lo INTEGER, hi INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, lo INTEGER, hi INTEGER, CONSTRAINT lo_below_hi CHECK (lo <= hi));
