-- timestamp without time zone to timestamp with time zone
-- old
CREATE TABLE t (id integer PRIMARY KEY, created timestamp);
-- new
CREATE TABLE t (id integer PRIMARY KEY, created timestamptz);
