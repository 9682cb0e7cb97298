-- a domain over a user range type whose SUBTYPE_DIFF is a new SQL function: the function, the range, the domain, the column
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE DOMAIN opening_hours AS timerange CHECK (NOT isempty(VALUE));
CREATE TABLE t (id integer PRIMARY KEY, open_hours opening_hours);
