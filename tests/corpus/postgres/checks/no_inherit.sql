-- CHECK ... NO INHERIT
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_pos CHECK (n > 0) NO INHERIT);
