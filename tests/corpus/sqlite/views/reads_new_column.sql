-- a column added and a view that reads it
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE VIEW labelled AS SELECT id, label FROM t WHERE label IS NOT NULL;
