-- an enum column with a DEFAULT
-- old
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE t (id integer PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');
