-- timestamp(6) to timestamp(0): fewer fractional seconds
-- old
CREATE TABLE t (id integer PRIMARY KEY, created timestamp(6));
-- new
CREATE TABLE t (id integer PRIMARY KEY, created timestamp(0));
