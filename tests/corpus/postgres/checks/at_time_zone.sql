-- CHECK comparing with now() AT TIME ZONE 'utc'
-- old
CREATE TABLE t (id integer PRIMARY KEY, at timestamp);
-- new
CREATE TABLE t (id integer PRIMARY KEY, at timestamp, CHECK (at > ('2000-01-01 00:00'::timestamptz AT TIME ZONE 'utc')));
