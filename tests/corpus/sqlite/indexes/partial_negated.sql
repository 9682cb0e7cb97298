-- a partial index whose WHERE negates its tests (NOT IN, IS NOT NULL, NOT BETWEEN), as SQLite stores the text written
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT, n INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT, n INTEGER);
CREATE INDEX t_open ON t (id) WHERE status NOT IN ('closed', 'deleted') AND n IS NOT NULL AND n NOT BETWEEN 1 AND 9;
