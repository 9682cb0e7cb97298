-- a composite type's attribute changes type while a column uses it
-- old
CREATE TYPE address AS (street text, zip varchar(5));
CREATE TABLE t (id integer PRIMARY KEY, home address);
-- new
CREATE TYPE address AS (street text, zip varchar(10));
CREATE TABLE t (id integer PRIMARY KEY, home address);
