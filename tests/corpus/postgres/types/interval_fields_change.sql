-- interval day to second(3) to interval day to second(6) (more fractional digits)
-- old
CREATE TABLE t (id integer PRIMARY KEY, a interval day to second(3), b interval year to month);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a interval day to second, b interval year to month);
