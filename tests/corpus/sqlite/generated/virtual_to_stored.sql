-- a VIRTUAL generated column made STORED (SQLite cannot ALTER it: the table is rebuilt)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, w REAL, h REAL, area REAL GENERATED ALWAYS AS (w * h) VIRTUAL);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, w REAL, h REAL, area REAL GENERATED ALWAYS AS (w * h) STORED);
