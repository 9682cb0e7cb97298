-- a view loses a column (dropped and created again)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id, n, label FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id, label FROM t;
