-- a composite attribute renamed without a marker, not last, in use: a drop and an add would move it last, so it is refused
-- expect: refused-as-designed
-- old
CREATE TYPE address AS (street text, zip varchar(10), city text);
CREATE TABLE t (id integer PRIMARY KEY, home address);
-- new
CREATE TYPE address AS (street text, postcode varchar(10), city text);
CREATE TABLE t (id integer PRIMARY KEY, home address);
