-- an index's columns changed
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
CREATE INDEX t_idx ON t (a);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
CREATE INDEX t_idx ON t (a, b);
