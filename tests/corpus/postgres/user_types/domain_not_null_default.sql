-- a domain with NOT NULL and DEFAULT
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE DOMAIN code AS varchar(8) NOT NULL DEFAULT 'none';
CREATE TABLE t (id integer PRIMARY KEY, c code);
