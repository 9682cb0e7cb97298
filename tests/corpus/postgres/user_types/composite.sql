-- CREATE TYPE ... AS (composite) and a column of it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE address AS (street text, city text, zip varchar(10));
CREATE TABLE t (id integer PRIMARY KEY, home address);
