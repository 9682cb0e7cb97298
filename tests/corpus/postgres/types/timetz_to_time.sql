-- time with time zone → time (the offset is dropped, the time of day kept)
-- old
CREATE TABLE t (id integer PRIMARY KEY, starts timetz(3));
-- new
CREATE TABLE t (id integer PRIMARY KEY, starts time);
