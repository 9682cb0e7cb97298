-- time → time with time zone (values take the session's UTC offset)
-- old
CREATE TABLE t (id integer PRIMARY KEY, starts time);
-- new
CREATE TABLE t (id integer PRIMARY KEY, starts time with time zone);
