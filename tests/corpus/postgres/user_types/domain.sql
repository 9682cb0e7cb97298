-- CREATE DOMAIN with a CHECK, and a column of it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE t (id integer PRIMARY KEY, qty positive_int);
