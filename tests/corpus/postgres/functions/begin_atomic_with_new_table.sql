-- a new function with an SQL-standard body reading a table created in the same migration
-- old
CREATE TABLE s (id integer PRIMARY KEY);
-- new
CREATE TABLE s (id integer PRIMARY KEY);
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(n) FROM t; END;
