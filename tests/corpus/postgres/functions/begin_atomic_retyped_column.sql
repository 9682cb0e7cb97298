-- an SQL-standard body reads a column whose type changes
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE FUNCTION total() RETURNS numeric LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(n) FROM t; END;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigint);
CREATE FUNCTION total() RETURNS numeric LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(n) FROM t; END;
