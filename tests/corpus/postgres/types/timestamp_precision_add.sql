-- timestamp(6) and timestamptz(0) columns
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, created timestamp(6) without time zone, seen timestamptz(0));
