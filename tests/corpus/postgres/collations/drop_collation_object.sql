-- DROP COLLATION: a collation of the schema's own removed with its column
-- old
CREATE COLLATION bytewise (provider = libc, locale = 'C');
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE bytewise);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
