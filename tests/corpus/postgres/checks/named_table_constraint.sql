-- named table CHECK constraint over two columns
-- old
CREATE TABLE t (id integer PRIMARY KEY, lo integer, hi integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, lo integer, hi integer, CONSTRAINT lo_below_hi CHECK (lo <= hi));
