-- PostgreSQL 18: a column with a named NOT NULL renamed: the constraint keeps its name
-- args: --rename t.title=t.name
-- old
CREATE TABLE t (id integer PRIMARY KEY, title text CONSTRAINT title_required NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text CONSTRAINT title_required NOT NULL);
