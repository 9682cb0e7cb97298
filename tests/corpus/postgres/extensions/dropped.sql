-- an extension dropped
-- old
CREATE EXTENSION pg_trgm;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
