-- a commented view over a column whose type changes (the comment made again)
-- old
CREATE TABLE t (id integer PRIMARY KEY, label text, n integer);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 100;
COMMENT ON VIEW big IS 'rows over a hundred';
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text, n bigint);
CREATE VIEW big AS SELECT id, n FROM t WHERE n > 100;
COMMENT ON VIEW big IS 'rows over a hundred';
