-- a new table with a generated column
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id integer PRIMARY KEY, cents integer, euros numeric GENERATED ALWAYS AS (cents / 100.0) STORED);
