-- ADD COLUMN to a table outside public
-- old
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY);
-- new
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, name text);
