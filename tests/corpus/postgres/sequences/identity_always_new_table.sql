-- GENERATED ALWAYS AS IDENTITY in a new table
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
