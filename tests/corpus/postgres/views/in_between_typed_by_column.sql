-- a new view with IN, NOT IN and BETWEEN over numeric, bigint, text and date columns (stored as = ANY (ARRAY[...]), <> ALL and two comparisons)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n numeric, b bigint, label text, d date);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n numeric, b bigint, label text, d date);
CREATE VIEW picked AS SELECT id FROM t WHERE n IN (1, 2) AND b NOT IN (3, 4) AND label IN ('a', 'b') AND d BETWEEN '2020-01-01' AND '2020-12-31';
