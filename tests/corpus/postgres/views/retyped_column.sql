-- a view over a column whose type changes (dropped before ALTER COLUMN TYPE, created again after)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 100;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint, label text);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 100;
