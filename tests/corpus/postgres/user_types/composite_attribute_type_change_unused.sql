-- a composite type no column uses: an attribute in the middle changes type in place (ALTER ATTRIBUTE … TYPE keeps its position; the rollback alters it back)
-- old
CREATE TYPE address AS (street text, zip varchar(5), city text);
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE address AS (street text, zip varchar(10), city text);
CREATE TABLE t (id integer PRIMARY KEY);
