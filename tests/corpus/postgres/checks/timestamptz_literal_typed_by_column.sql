-- CHECK (d >= '2015-01-01') on a timestamptz column: the literal takes the column's type ('2015-01-01 00:00:00+00'::timestamp with time zone)
-- old
CREATE TABLE events (id integer PRIMARY KEY, d timestamptz NOT NULL);
-- new
CREATE TABLE events (id integer PRIMARY KEY, d timestamptz NOT NULL, CHECK (d >= '2015-01-01' AND d < '2016-01-01 02:00:00+02'));
