-- bit(n) and varbit(n) columns dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, flags bit(8), mask varbit(16));
-- new
CREATE TABLE t (id integer PRIMARY KEY);
