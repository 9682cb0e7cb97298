-- a view read by another view gains a column at its end (CREATE OR REPLACE VIEW): rolled back, the reading view goes before the base view is made again without it
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW base AS SELECT id, n FROM t WHERE n > 0;
CREATE VIEW top AS SELECT id FROM base;
GRANT SELECT ON top TO PUBLIC;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW base AS SELECT id, n, label FROM t WHERE n > 0;
CREATE VIEW top AS SELECT id FROM base;
GRANT SELECT ON top TO PUBLIC;
