-- a view gains a column at the end (CREATE OR REPLACE VIEW)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id, n FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id, n, label FROM t;
