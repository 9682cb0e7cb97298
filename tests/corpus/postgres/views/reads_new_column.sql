-- a column added and a view that reads it
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW labelled AS SELECT id, label FROM t WHERE label IS NOT NULL;
