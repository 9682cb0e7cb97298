-- bit(n) and bit varying(n)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, flags bit(8), mask bit varying(16));
