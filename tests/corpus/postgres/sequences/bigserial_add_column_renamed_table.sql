-- ADD COLUMN of type bigserial to a table renamed inside its schema in the same migration
-- (a renamed-from marker): its sequence is <new table>_<column>_seq, in the table's schema
-- old
CREATE SCHEMA app;
CREATE TABLE app.events (name text);
-- new
CREATE SCHEMA app;
-- wesley:renamed-from app.events
CREATE TABLE app.happenings (name text, n bigserial);
