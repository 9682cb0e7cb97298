-- a new range type whose SUBTYPE_DIFF is a new SQL function (the PostgreSQL docs' CREATE TYPE example): the function before the type, the type before the table
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE TABLE t (id integer PRIMARY KEY, open_hours timerange);
