-- a column compared with a date literal in a view changes from date to timestamp (the literal is stored as '2020-01-01'::date, then as '2020-01-01 00:00:00'::timestamp)
-- old
CREATE TABLE t (id integer PRIMARY KEY, d date);
CREATE VIEW since_2020 AS SELECT id, d FROM t WHERE d >= '2020-01-01';
-- new
CREATE TABLE t (id integer PRIMARY KEY, d timestamp);
CREATE VIEW since_2020 AS SELECT id, d FROM t WHERE d >= '2020-01-01';
