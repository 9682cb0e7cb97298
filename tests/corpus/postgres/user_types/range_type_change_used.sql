-- a range type's definition changed while a column uses it: refused (PostgreSQL cannot alter a range type)
-- expect: refused-as-designed
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange);
