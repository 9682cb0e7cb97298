-- a view over a column whose type changes (dropped before ALTER COLUMN TYPE, created again after)
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 100;
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text, n bigint);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 100;
