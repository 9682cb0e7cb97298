-- a constraint's comment removed
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer CONSTRAINT n_positive CHECK (n > 0));
COMMENT ON CONSTRAINT n_positive ON t IS 'no zero';
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CONSTRAINT n_positive CHECK (n > 0));
