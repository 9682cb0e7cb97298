-- dropping a FOREIGN KEY into another schema
-- old
CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY);
CREATE TABLE users (id integer PRIMARY KEY, org_id integer REFERENCES app.orgs (id));
-- new
CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY);
CREATE TABLE users (id integer PRIMARY KEY, org_id integer);
