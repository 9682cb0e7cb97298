-- PostgreSQL 18: a new table whose NOT NULL constraints are named, as a column constraint (CONSTRAINT n NOT NULL) and as a table constraint (CONSTRAINT n NOT NULL column)
-- needs: PostgreSQL 18
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE TABLE u (id integer PRIMARY KEY, code text CONSTRAINT code_required NOT NULL, label text, CONSTRAINT label_required NOT NULL label);
