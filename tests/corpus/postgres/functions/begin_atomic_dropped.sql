-- a function with an SQL-standard body dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(n) FROM t; END;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
