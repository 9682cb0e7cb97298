-- CHECK (d >= '2015-01-01 00:00:00'::timestamp with time zone) (stored as '2015-01-01 00:00:00+00', in the session's zone)
-- old
CREATE TABLE events (id integer PRIMARY KEY, d timestamptz NOT NULL);
-- new
CREATE TABLE events (id integer PRIMARY KEY, d timestamptz NOT NULL, CHECK (d >= '2015-01-01 00:00:00'::timestamp with time zone));
