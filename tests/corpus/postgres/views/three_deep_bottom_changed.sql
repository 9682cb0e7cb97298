-- views three deep; the bottom view's column changes type (the two above are dropped and created with it)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW a AS SELECT id, n FROM t;
CREATE VIEW b AS SELECT id, n FROM a WHERE n > 0;
CREATE VIEW c AS SELECT count(*) AS k, max(n) AS top FROM b;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW a AS SELECT id, n::bigint * 2 AS n FROM t;
CREATE VIEW b AS SELECT id, n FROM a WHERE n > 0;
CREATE VIEW c AS SELECT count(*) AS k, max(n) AS top FROM b;
