-- ADD COLUMN ... GENERATED ALWAYS AS IDENTITY (START WITH, INCREMENT BY) to a table renamed
-- inside its schema in the same migration (a renamed-from marker): the identity's sequence
-- takes the new table name and keeps the options
-- old
CREATE SCHEMA app;
CREATE TABLE app.tickets (code text PRIMARY KEY);
-- new
CREATE SCHEMA app;
-- wesley:renamed-from app.tickets
CREATE TABLE app.issues (code text PRIMARY KEY, seq integer GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5));
