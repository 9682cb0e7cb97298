-- a new view: not modelled, must be reported by name, not as "no changes"
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW big AS SELECT id FROM t WHERE n > 100;
