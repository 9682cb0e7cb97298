-- a column of a range type's multirange, named as PostgreSQL names it (floatrange: floatmultirange)
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY, spans floatmultirange);
