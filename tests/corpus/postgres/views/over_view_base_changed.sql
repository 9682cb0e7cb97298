-- a view over a view whose filter changes in place
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW positive AS SELECT id, n FROM t WHERE n > 0;
CREATE VIEW big AS SELECT id FROM positive WHERE n > 100;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW positive AS SELECT id, n FROM t WHERE n >= 0;
CREATE VIEW big AS SELECT id FROM positive WHERE n > 100;
