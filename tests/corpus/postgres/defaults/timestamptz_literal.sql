-- DEFAULT '2015-01-01' on a timestamptz column (stored as '2015-01-01 00:00:00+00'::timestamp with time zone)
-- old
CREATE TABLE events (id integer PRIMARY KEY, d timestamptz);
-- new
CREATE TABLE events (id integer PRIMARY KEY, d timestamptz DEFAULT '2015-01-01');
