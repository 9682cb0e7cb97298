-- a quoted mixed-case schema name
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SCHEMA "Reporting";
CREATE TABLE "Reporting".facts (id integer PRIMARY KEY);
