-- DROP TYPE of an enum that a dropped function's parameter uses: the rollback makes the type again before the function
-- old
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id integer PRIMARY KEY);
CREATE FUNCTION cheer(m mood DEFAULT NULL) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(m::text, 'none') $$;
-- new
CREATE TABLE t (id integer PRIMARY KEY);
