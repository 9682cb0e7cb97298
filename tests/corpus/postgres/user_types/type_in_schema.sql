-- an enum type in another schema
-- old
CREATE SCHEMA app;
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE SCHEMA app;
CREATE TYPE app.level AS ENUM ('low', 'high');
CREATE TABLE t (id integer PRIMARY KEY, lvl app.level);
