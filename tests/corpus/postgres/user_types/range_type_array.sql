-- arrays of a range type and of its multirange
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY, rs floatrange[], ms floatmultirange[]);
