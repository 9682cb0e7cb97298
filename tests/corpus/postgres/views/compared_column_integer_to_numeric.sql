-- a column compared with an integer in a view changes from integer to numeric (stored n > 2, then n > 2::numeric)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW over_two AS SELECT id, n FROM t WHERE n > 2 AND n::integer < 100;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n numeric);
CREATE VIEW over_two AS SELECT id, n FROM t WHERE n > 2 AND n < 100;
