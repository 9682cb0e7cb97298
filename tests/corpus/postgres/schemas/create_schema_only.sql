-- CREATE SCHEMA with nothing in it yet
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SCHEMA reporting;
