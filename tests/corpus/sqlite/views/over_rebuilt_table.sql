-- a view over a table the migration rebuilds (NOT NULL added)
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE VIEW labelled AS SELECT id, label FROM t;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0, label TEXT);
CREATE VIEW labelled AS SELECT id, label FROM t;
