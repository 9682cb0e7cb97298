-- one table name in two schemas, only one of them changes
-- old
CREATE SCHEMA archive;
CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE archive.items (id integer PRIMARY KEY, name text);
CREATE INDEX items_name_idx ON items (name);
CREATE INDEX items_name_idx ON archive.items (name);
-- new
CREATE SCHEMA archive;
CREATE TABLE items (id integer PRIMARY KEY, name text);
CREATE TABLE archive.items (id integer PRIMARY KEY, name text NOT NULL, archived_at timestamptz);
CREATE INDEX items_name_idx ON items (name);
