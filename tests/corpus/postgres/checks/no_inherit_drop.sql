-- CHECK ... NO INHERIT made inheritable
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_pos CHECK (n > 0) NO INHERIT);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_pos CHECK (n > 0));
