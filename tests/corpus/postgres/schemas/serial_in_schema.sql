-- a serial column in a table outside public
-- old
CREATE SCHEMA app;
-- new
CREATE SCHEMA app;
CREATE TABLE app.items (id serial PRIMARY KEY);
