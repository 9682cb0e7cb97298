-- a view dropped
-- expect: refused-as-designed
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
CREATE VIEW big AS SELECT id FROM t WHERE n > 100;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);
