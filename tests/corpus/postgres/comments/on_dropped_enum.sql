-- COMMENT ON TYPE of an enum the new version drops (the comment goes with the type; the rollback makes the enum, then its comment)
-- old
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
COMMENT ON TYPE mood IS 'how a person feels';
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
