-- a view column keeps its name but its expression changes type (integer to bigint): dropped and created, not replaced
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n::integer AS n FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n::bigint AS n FROM t;
