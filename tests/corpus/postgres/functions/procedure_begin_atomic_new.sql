-- a new procedure with an SQL-standard body
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE PROCEDURE bump(k integer) LANGUAGE sql BEGIN ATOMIC UPDATE t SET n = n + k; END;
