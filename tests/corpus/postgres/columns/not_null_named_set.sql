-- PostgreSQL 18: a nullable column made NOT NULL under a name (ALTER TABLE … ADD CONSTRAINT n NOT NULL column)
-- needs: PostgreSQL 18
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text);
ALTER TABLE t ADD CONSTRAINT code_required NOT NULL code;
