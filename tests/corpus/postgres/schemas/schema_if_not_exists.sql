-- CREATE SCHEMA IF NOT EXISTS, written twice, and a column type change in that schema
-- old
CREATE SCHEMA IF NOT EXISTS app;
CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE app.items (id integer PRIMARY KEY, qty integer);
-- new
CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE app.items (id integer PRIMARY KEY, qty bigint);
