-- a range type dropped with the column that uses it (its multirange goes with it)
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
