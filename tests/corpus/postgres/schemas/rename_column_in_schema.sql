-- a column renamed (by a --rename hint) in a table outside public
-- args: --rename app.items.title=app.items.name
-- old
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, title text);
-- new
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, name text);
