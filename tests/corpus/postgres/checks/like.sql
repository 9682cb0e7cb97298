-- CHECK (code LIKE 'A%')
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text CHECK (code LIKE 'A%'));
