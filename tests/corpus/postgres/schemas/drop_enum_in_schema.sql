-- an enum type outside public dropped with the column that used it
-- old
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('calm', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, mood app.mood);
-- new
CREATE SCHEMA app;
CREATE TABLE people (id integer PRIMARY KEY);
