-- a view over a view, the base view changed
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE VIEW positive AS SELECT id, n FROM t WHERE n > 0;
CREATE VIEW big AS SELECT id FROM positive WHERE n > 100;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, label TEXT);
CREATE VIEW positive AS SELECT id, n FROM t WHERE n >= 0;
CREATE VIEW big AS SELECT id FROM positive WHERE n > 100;
