-- a NOT VALID check validated
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
ALTER TABLE t ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, CONSTRAINT n_pos CHECK (n > 0));
