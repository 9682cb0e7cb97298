-- a new table with a bigserial column
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE t (id bigserial PRIMARY KEY);
