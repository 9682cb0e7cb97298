-- a new table with a smallserial column
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id smallserial PRIMARY KEY);
