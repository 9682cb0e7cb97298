-- an enum loses a value (the type is made again) while a view reads a column of it: the view goes before and comes back after
-- old
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
CREATE VIEW moods AS SELECT id, m FROM t;
-- new
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
CREATE VIEW moods AS SELECT id, m FROM t;
