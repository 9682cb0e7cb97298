-- CREATE INDEX on a table outside public
-- old
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, name text);
-- new
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, name text);
CREATE INDEX items_name_idx ON app.items (name);
