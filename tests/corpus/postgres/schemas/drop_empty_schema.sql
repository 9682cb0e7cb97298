-- DROP SCHEMA of a schema with nothing in it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SCHEMA reporting;
-- new
CREATE TABLE t (id integer PRIMARY KEY);
