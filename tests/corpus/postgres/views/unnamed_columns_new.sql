-- a view whose columns are written without names, over a WITH query and a UNION (PostgreSQL names them: ?column?, count, case)
-- old
CREATE TABLE t (id integer, n double precision);
-- new
CREATE TABLE t (id integer, n double precision);
CREATE VIEW v AS WITH big AS (SELECT id, count(*) FROM t WHERE n > 0 GROUP BY id)
    SELECT *, 1, CASE WHEN id > 1 THEN 'x' END FROM big;
CREATE VIEW u AS SELECT 1 AS k UNION SELECT id + 1 FROM t;
