-- USAGE on a type revoked from PUBLIC
-- old
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
-- new
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (id integer PRIMARY KEY, m mood);
REVOKE USAGE ON TYPE mood FROM PUBLIC;
