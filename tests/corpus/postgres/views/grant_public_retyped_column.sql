-- a view granted to PUBLIC over a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n FROM t;
GRANT SELECT ON v TO PUBLIC;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
CREATE VIEW v AS SELECT id, n FROM t;
GRANT SELECT ON v TO PUBLIC;
