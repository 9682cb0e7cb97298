-- CREATE TYPE ... AS RANGE: a new range type over float8 (with its difference function) and a column of it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange);
