-- a table and the SQL-standard function that reads it dropped together
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(n) FROM t; END;
-- new
CREATE TABLE s (id integer PRIMARY KEY);
