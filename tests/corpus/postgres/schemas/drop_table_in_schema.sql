-- DROP TABLE outside public
-- old
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY);
CREATE TABLE app.extra (id integer PRIMARY KEY);
-- new
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY);
