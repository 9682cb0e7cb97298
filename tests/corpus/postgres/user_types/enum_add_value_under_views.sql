-- ALTER TYPE … ADD VALUE on an enum a view reads through a column and another casts to: rolled back, the views go before the type is made again and come back after
-- old
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
CREATE VIEW moods AS SELECT id, m FROM t;
CREATE VIEW fine AS SELECT id FROM moods WHERE m = 'ok'::mood;
COMMENT ON VIEW moods IS 'every mood';
-- new
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
CREATE VIEW moods AS SELECT id, m FROM t;
CREATE VIEW fine AS SELECT id FROM moods WHERE m = 'ok'::mood;
COMMENT ON VIEW moods IS 'every mood';
