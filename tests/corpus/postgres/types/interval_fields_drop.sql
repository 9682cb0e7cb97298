-- interval columns with fields dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, a interval year to month, b interval minute to second(2));
-- new
CREATE TABLE t (id integer PRIMARY KEY);
