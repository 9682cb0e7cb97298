-- a STORED generated column's expression changed, with an index on it
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, first TEXT, last TEXT, full TEXT AS (first || ' ' || last) STORED);
CREATE INDEX t_full ON t (full);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, first TEXT, last TEXT, full TEXT AS (last || ', ' || first) STORED);
CREATE INDEX t_full ON t (full);
