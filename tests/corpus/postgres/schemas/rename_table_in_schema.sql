-- a table renamed inside its schema (a renamed-from marker: --rename names public tables only)
-- old
CREATE SCHEMA app;
CREATE TABLE app.customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX customers_name_idx ON app.customers (name);
-- new
CREATE SCHEMA app;
-- wesley:renamed-from app.customers
CREATE TABLE app.clients (id integer PRIMARY KEY, name text NOT NULL);
CREATE INDEX customers_name_idx ON app.clients (name);
