-- ALTER TYPE … ADD VALUE on an enum a function takes and returns: rolled back, the function goes before the type is made again and comes back after
-- old
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
CREATE FUNCTION brighter(m mood) RETURNS mood LANGUAGE sql IMMUTABLE AS $$ SELECT 'ok'::mood $$;
-- new
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
CREATE FUNCTION brighter(m mood) RETURNS mood LANGUAGE sql IMMUTABLE AS $$ SELECT 'ok'::mood $$;
