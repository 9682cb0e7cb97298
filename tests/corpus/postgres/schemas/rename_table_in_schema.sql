-- a table renamed inside its schema (a renamed-from marker: --rename names public tables only);
-- no NOT NULL column: PostgreSQL 18 keeps a renamed table's <table>_<column>_not_null names
-- old
CREATE SCHEMA app;
CREATE TABLE app.customers (id integer, name text);
CREATE INDEX customers_name_idx ON app.customers (name);
-- new
CREATE SCHEMA app;
-- wesley:renamed-from app.customers
CREATE TABLE app.clients (id integer, name text);
CREATE INDEX customers_name_idx ON app.clients (name);
