-- views three deep over a column whose type changes at the bottom
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW a AS SELECT id, n FROM t;
CREATE VIEW b AS SELECT id, n FROM a WHERE n > 0;
CREATE VIEW c AS SELECT count(*) AS k, max(n) AS top FROM b;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n numeric(12,2));
CREATE VIEW a AS SELECT id, n FROM t;
CREATE VIEW b AS SELECT id, n FROM a WHERE n > 0;
CREATE VIEW c AS SELECT count(*) AS k, max(n) AS top FROM b;
