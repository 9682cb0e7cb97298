-- a UNIQUE table constraint (an automatic index)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, UNIQUE (a, b));
