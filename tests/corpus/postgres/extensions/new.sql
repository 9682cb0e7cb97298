-- a new extension
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE t (id integer PRIMARY KEY);
