-- a procedure's comment changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE PROCEDURE bump() LANGUAGE sql AS 'UPDATE t SET n = n + 1';
COMMENT ON PROCEDURE bump() IS 'adds one';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE PROCEDURE bump() LANGUAGE sql AS 'UPDATE t SET n = n + 1';
COMMENT ON PROCEDURE bump() IS 'adds one to every n';
