-- a composite no column uses, its attributes reordered: dropped and made again
-- old
CREATE TYPE address AS (street text, city text, zip varchar(10));
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE address AS (zip varchar(10), street text, city text);
CREATE TABLE t (id integer PRIMARY KEY);
