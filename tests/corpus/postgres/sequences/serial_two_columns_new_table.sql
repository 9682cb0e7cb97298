-- a new table with a serial and a smallserial column
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id serial PRIMARY KEY, rank smallserial, name text);
