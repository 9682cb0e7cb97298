-- CREATE TYPE … AS ENUM and a function whose parameter and result use it: rolled back, the function goes before the type
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE FUNCTION brighter(m mood) RETURNS mood LANGUAGE sql IMMUTABLE AS $$ SELECT CASE m WHEN 'sad' THEN 'ok'::mood ELSE 'happy'::mood END $$;
