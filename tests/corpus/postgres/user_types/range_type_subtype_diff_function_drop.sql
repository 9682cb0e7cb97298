-- a range type and its SUBTYPE_DIFF function dropped: the type before the function (the rollback makes the function first)
-- old
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE TABLE t (id integer PRIMARY KEY, open_hours timerange);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
