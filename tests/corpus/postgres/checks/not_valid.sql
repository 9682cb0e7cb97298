-- ALTER TABLE ADD CONSTRAINT ... CHECK ... NOT VALID
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
ALTER TABLE t ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;
