-- a new extension and a function calling it
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE EXTENSION fuzzystrmatch;
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE FUNCTION sounds_like(a text, b text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT soundex(a) = soundex(b) $$;
