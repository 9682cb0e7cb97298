-- ADD COLUMN of type bigserial
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n bigserial);
