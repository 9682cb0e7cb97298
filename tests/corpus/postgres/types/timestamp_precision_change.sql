-- timestamp(3) to timestamp(6)
-- old
CREATE TABLE t (id integer PRIMARY KEY, created timestamp(3));
-- new
CREATE TABLE t (id integer PRIMARY KEY, created timestamp(6));
