-- a composite in use, its attributes reordered: PostgreSQL cannot move an attribute, refused naming the column
-- expect: refused-as-designed
-- old
CREATE TYPE address AS (street text, city text, zip varchar(10));
CREATE TABLE t (id integer PRIMARY KEY, home address);
-- new
CREATE TYPE address AS (zip varchar(10), street text, city text);
CREATE TABLE t (id integer PRIMARY KEY, home address);
