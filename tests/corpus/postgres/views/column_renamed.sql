-- a view's column gets another alias
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id, n AS amount FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id, n AS total FROM t;
