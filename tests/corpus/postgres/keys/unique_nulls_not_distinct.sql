-- UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+)
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text, CONSTRAINT t_code_key UNIQUE NULLS NOT DISTINCT (code));
