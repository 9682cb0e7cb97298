-- an enum type dropped with its column
-- old
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
