-- DEFAULT NULL on a domain column is stored (it overrides the domain's default)
-- old
CREATE DOMAIN code AS text DEFAULT 'none';
CREATE TABLE t (id integer PRIMARY KEY, c code);
-- new
CREATE DOMAIN code AS text DEFAULT 'none';
CREATE TABLE t (id integer PRIMARY KEY, c code DEFAULT NULL);
