-- PostgreSQL 18: a named NOT NULL constraint dropped (the column nullable again)
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text CONSTRAINT code_required NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text);
