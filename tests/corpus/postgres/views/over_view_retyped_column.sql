-- a chain of views over a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE VIEW positive AS SELECT id, n FROM t WHERE n > 0;
CREATE VIEW big AS SELECT id, n FROM positive WHERE n > 100;
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text, n bigint);
CREATE VIEW positive AS SELECT id, n FROM t WHERE n > 0;
CREATE VIEW big AS SELECT id, n FROM positive WHERE n > 100;
