-- a new SQL function that reads a table created in the same migration
-- old
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT sum(n) FROM t';
