-- a domain's CHECK changed
-- old
CREATE DOMAIN positive_int AS integer CONSTRAINT positive_int_check CHECK (VALUE > 0);
CREATE TABLE t (id integer PRIMARY KEY, qty positive_int);
-- new
CREATE DOMAIN positive_int AS integer CONSTRAINT positive_int_check CHECK (VALUE >= 0);
CREATE TABLE t (id integer PRIMARY KEY, qty positive_int);
