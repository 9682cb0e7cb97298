-- a table moved from one schema to another with no hint: dropped there, created here
-- old
CREATE SCHEMA staging;
CREATE TABLE staging.events (id integer PRIMARY KEY, payload jsonb NOT NULL);
-- new
CREATE SCHEMA archive;
CREATE TABLE archive.events (id integer PRIMARY KEY, payload jsonb NOT NULL);
