-- a view over a table that loses a column the view does not read
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW labels AS SELECT id, label FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text);
CREATE VIEW labels AS SELECT id, label FROM t;
