-- PostgreSQL ALTER TABLE ADD COLUMN: a nullable integer column with a default
-- old
CREATE TABLE t (id integer PRIMARY KEY, a text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a text, b integer DEFAULT 3 CHECK (b > 0));
CREATE INDEX t_b ON t (b) WHERE b > 1;
