-- a view over a table whose other column changes type
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW ids AS SELECT id FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label varchar(20));
CREATE VIEW ids AS SELECT id FROM t;
