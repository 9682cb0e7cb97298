-- a new view: must be reported by name, not as "no changes"
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
CREATE VIEW big AS SELECT id FROM t WHERE n > 100;
