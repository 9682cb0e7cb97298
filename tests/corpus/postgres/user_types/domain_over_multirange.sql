-- a domain over the multirange of a user range type: the range (and its multirange) before the domain
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE DOMAIN float_spans AS floatmultirange CHECK (NOT isempty(VALUE));
CREATE TABLE t (id integer PRIMARY KEY, spans float_spans);
