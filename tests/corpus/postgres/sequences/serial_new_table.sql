-- a new table with a serial column
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id serial PRIMARY KEY, name text);
