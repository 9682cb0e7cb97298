-- CREATE TYPE ... AS RANGE
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange);
