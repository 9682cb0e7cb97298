-- an unused range type gets a SUBTYPE_DIFF that is a new function: the type dropped, the function made, the type made again
-- old
CREATE TYPE timerange AS RANGE (subtype = time);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE TABLE t (id integer PRIMARY KEY);
