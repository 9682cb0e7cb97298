-- a role both files create, given LOGIN and a connection limit by the new one (ALTER ROLE's work): refused
-- expect: refused-as-designed
-- old
DROP ROLE IF EXISTS corpus_role_changed;
CREATE ROLE corpus_role_changed NOLOGIN;
CREATE TABLE t (id integer PRIMARY KEY);
-- new
DROP ROLE IF EXISTS corpus_role_changed;
CREATE ROLE corpus_role_changed LOGIN CONNECTION LIMIT 3;
CREATE TABLE t (id integer PRIMARY KEY);
