-- a STORED generated column added (ALTER TABLE ADD COLUMN cannot add one: the table is rebuilt)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, w REAL, h REAL);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, w REAL, h REAL, area REAL GENERATED ALWAYS AS (w * h) STORED);
