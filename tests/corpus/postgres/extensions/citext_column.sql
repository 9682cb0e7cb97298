-- a new extension and a column of its type (made before the table)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE EXTENSION citext;
CREATE TABLE t (id integer PRIMARY KEY, email citext);
