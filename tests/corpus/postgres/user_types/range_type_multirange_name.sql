-- MULTIRANGE_TYPE_NAME given, a name without "range" (its multirange: <name>_multirange) and columns of both
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE timespan AS RANGE (subtype = time, multirange_type_name = timespans);
CREATE TYPE price AS RANGE (subtype = numeric);
CREATE TABLE t (id integer PRIMARY KEY, open_at timespan, open_all timespans, band price, bands price_multirange);
