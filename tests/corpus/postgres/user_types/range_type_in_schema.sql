-- a range type in another schema (its multirange in the same schema) and columns of both
-- old
CREATE SCHEMA app;
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE SCHEMA app;
CREATE TYPE app.floatrange AS RANGE (subtype = float8);
CREATE TABLE t (id integer PRIMARY KEY, r app.floatrange, m app.floatmultirange);
