-- a timestamptz column whose default is a timestamp literal (converted in the session's zone at each insert)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, starts timestamptz NOT NULL DEFAULT '2000-01-01 00:00:00'::timestamp without time zone);
