-- a new extension and a function calling it
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE EXTENSION pgcrypto;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE FUNCTION token() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT encode(gen_random_bytes(8), 'hex') $$;
