-- DROP SCHEMA with its table and enum type
-- old
CREATE TABLE t (id integer PRIMARY KEY);
CREATE SCHEMA legacy;
CREATE TYPE legacy.kind AS ENUM ('a', 'b');
CREATE TABLE legacy.things (id integer PRIMARY KEY, kind legacy.kind NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
