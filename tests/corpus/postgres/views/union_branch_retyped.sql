-- a UNION view whose second branch changes a column's type
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE TABLE s (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n FROM t UNION ALL SELECT id, n FROM s;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE TABLE s (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n::numeric AS n FROM t UNION ALL SELECT id, n::numeric FROM s;
