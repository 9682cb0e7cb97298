-- a new extension in its own schema and a table using its types qualified (ext.hstore, ext.ltree)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE SCHEMA ext;
CREATE EXTENSION hstore WITH SCHEMA ext;
CREATE EXTENSION ltree WITH SCHEMA ext;
CREATE TABLE t (id integer PRIMARY KEY, attrs ext.hstore, path ext.ltree);
