-- interval with fields: interval day to second(3), interval year to month
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a interval day to second(3), b interval year to month);
