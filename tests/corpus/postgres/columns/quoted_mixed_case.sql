-- A quoted column name keeps its case (identifier quoting rules)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, "CamelCase" text, "with space" integer);
