-- date, time, time with time zone
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, d date, tm time, tz time with time zone);
