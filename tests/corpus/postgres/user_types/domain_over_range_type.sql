-- a domain over a user range type: the range type first, then the domain, then the column
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE DOMAIN bounded_floats AS floatrange CHECK (NOT lower_inf(VALUE) AND NOT upper_inf(VALUE));
CREATE TABLE t (id integer PRIMARY KEY, r bounded_floats);
