-- a range type over a domain (the domain made first) and a column of it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE DOMAIN score AS integer CHECK (VALUE >= 0);
CREATE TYPE scorerange AS RANGE (subtype = score);
CREATE TABLE t (id integer PRIMARY KEY, s scorerange);
