-- a changed view
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW big AS SELECT id FROM t WHERE n > 100;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW big AS SELECT id FROM t WHERE n > 1000;
