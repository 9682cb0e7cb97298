-- DROP SCHEMA with its table
-- old
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
