-- PostgreSQL 18: the NOT NULL constraint of a column that stays NOT NULL given a name (ALTER TABLE … RENAME CONSTRAINT)
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text NOT NULL, label text CONSTRAINT label_present NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text CONSTRAINT code_required NOT NULL, label text NOT NULL);
