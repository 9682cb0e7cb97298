-- the default operator class written out (pg_dump leaves it out) and a qualified function: no false change
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_opclass = float8_ops, subtype_diff = pg_catalog.float8mi);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_opclass = float8_ops, subtype_diff = pg_catalog.float8mi);
CREATE TABLE t (id integer PRIMARY KEY, r floatrange, n integer);
