-- UNIQUE ... INCLUDE with other columns
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text, a text, b text, CONSTRAINT t_code_key UNIQUE (code) INCLUDE (a));
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text, a text, b text, CONSTRAINT t_code_key UNIQUE (code) INCLUDE (a, b));
