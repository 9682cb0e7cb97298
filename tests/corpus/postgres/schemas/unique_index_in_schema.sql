-- a UNIQUE index and a CHECK on a table outside public
-- old
CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, age integer);
-- new
CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, age integer CHECK (age >= 0));
CREATE UNIQUE INDEX users_email_key ON app.users (lower(email));
