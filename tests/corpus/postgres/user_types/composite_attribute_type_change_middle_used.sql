-- an attribute that is not last changes type while a column uses the composite: a drop and an add would move it, refused
-- expect: refused-as-designed
-- old
CREATE TYPE address AS (street text, zip varchar(5), city text);
CREATE TABLE t (id integer PRIMARY KEY, home address);
-- new
CREATE TYPE address AS (street text, zip varchar(10), city text);
CREATE TABLE t (id integer PRIMARY KEY, home address);
