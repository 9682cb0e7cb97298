-- a domain over a user range type in use gains a check
-- old
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN bounded_floats AS floatrange;
CREATE TABLE t (id integer PRIMARY KEY, r bounded_floats);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN bounded_floats AS floatrange CHECK (NOT isempty(VALUE));
CREATE TABLE t (id integer PRIMARY KEY, r bounded_floats);
