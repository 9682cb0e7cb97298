-- a partial index's WHERE changed
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
CREATE INDEX t_n ON t (n) WHERE n > 0;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
CREATE INDEX t_n ON t (n) WHERE n > 10;
