-- CREATE SCHEMA and a table in it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, name text);
