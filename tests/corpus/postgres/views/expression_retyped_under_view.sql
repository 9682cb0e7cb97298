-- a view column whose expression changes type, read by another view (both dropped, both created)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n + 1 AS n FROM t;
CREATE VIEW w AS SELECT id, n FROM v WHERE n > 2;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, (n + 1)::numeric AS n FROM t;
CREATE VIEW w AS SELECT id, n FROM v WHERE n > 2;
