-- a generated column dropped
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER AS (a * 2));
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);
