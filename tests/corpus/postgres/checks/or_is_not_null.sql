-- CHECK (a IS NOT NULL OR b IS NOT NULL)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a text, b text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a text, b text, CHECK (a IS NOT NULL OR b IS NOT NULL));
