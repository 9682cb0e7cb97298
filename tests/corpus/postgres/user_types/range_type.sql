-- CREATE TYPE ... AS RANGE: refused with a reason (a range type of your own is outside the model)
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange);
