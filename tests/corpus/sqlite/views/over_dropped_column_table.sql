-- a view over a table that loses another column
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE VIEW labelled AS SELECT id, label FROM t;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT);
CREATE VIEW labelled AS SELECT id, label FROM t;
