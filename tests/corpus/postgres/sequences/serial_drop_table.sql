-- a table with a serial column dropped (its sequence goes with it)
-- old
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id serial PRIMARY KEY, name text);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
