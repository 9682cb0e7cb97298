-- a comment on a view
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id FROM t;
COMMENT ON VIEW v IS 'ids only';
