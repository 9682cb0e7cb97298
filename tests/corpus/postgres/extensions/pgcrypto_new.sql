-- a new extension (pgcrypto)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE EXTENSION pgcrypto;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
