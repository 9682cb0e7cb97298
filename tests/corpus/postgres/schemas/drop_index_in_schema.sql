-- DROP INDEX of an index outside public, whose name public also uses
-- old
CREATE SCHEMA app;
CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE app.items (id integer PRIMARY KEY, name text);
CREATE INDEX items_name_idx ON items (name);
CREATE INDEX items_name_idx ON app.items (name);
-- new
CREATE SCHEMA app;
CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE app.items (id integer PRIMARY KEY, name text);
CREATE INDEX items_name_idx ON items (name);
