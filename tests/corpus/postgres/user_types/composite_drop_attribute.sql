-- ALTER TYPE ... DROP ATTRIBUTE on a composite in use
-- old
CREATE TYPE address AS (street text, city text, zip varchar(10));
CREATE TABLE t (id integer PRIMARY KEY, home address);
-- new
CREATE TYPE address AS (street text, city text);
CREATE TABLE t (id integer PRIMARY KEY, home address);
