-- the owner of a function, a schema, a sequence, a type and a view revokes some of its own privileges
-- old
CREATE SCHEMA app;
CREATE SEQUENCE app.ticket;
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE VIEW bodies AS SELECT id, body FROM docs;
CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a * 2 $$;
-- new
CREATE SCHEMA app;
CREATE SEQUENCE app.ticket;
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE VIEW bodies AS SELECT id, body FROM docs;
CREATE FUNCTION twice(a integer) RETURNS integer LANGUAGE sql AS $$ SELECT a * 2 $$;
REVOKE CREATE ON SCHEMA app FROM CURRENT_USER;
REVOKE UPDATE ON SEQUENCE app.ticket FROM CURRENT_USER;
REVOKE USAGE ON TYPE mood FROM CURRENT_USER;
REVOKE UPDATE, DELETE ON bodies FROM CURRENT_USER;
REVOKE EXECUTE ON FUNCTION twice(integer) FROM CURRENT_USER;
