-- ALTER COLUMN TYPE real to double precision
-- old
CREATE TABLE t (id integer PRIMARY KEY, x real);
-- new
CREATE TABLE t (id integer PRIMARY KEY, x double precision);
