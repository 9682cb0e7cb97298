-- a column of a domain over a user range type whose SUBTYPE_DIFF is an SQL function, all dropped: the column, the domain, the range, then the function
-- old
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 AS 'SELECT EXTRACT(EPOCH FROM (x - y))' LANGUAGE sql STRICT IMMUTABLE;
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE DOMAIN opening_hours AS timerange CHECK (NOT isempty(VALUE));
CREATE TABLE t (id integer PRIMARY KEY, open_hours opening_hours);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
