-- CREATE TYPE ... AS ENUM and a column of it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
