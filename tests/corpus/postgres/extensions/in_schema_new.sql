-- a new extension in its own schema
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE SCHEMA ext;
CREATE EXTENSION pg_trgm SCHEMA ext;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
