-- tables of one name in two schemas
-- old
CREATE TABLE items (id integer PRIMARY KEY);
-- new
CREATE TABLE items (id integer PRIMARY KEY);
CREATE SCHEMA archive;
CREATE TABLE archive.items (id integer PRIMARY KEY, archived_at timestamptz);
