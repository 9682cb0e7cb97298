-- built-in range types tsrange, tstzrange, daterange
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a tsrange, b tstzrange, c daterange);
