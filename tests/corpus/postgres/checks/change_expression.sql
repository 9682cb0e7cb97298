-- CHECK expression changed under the same name
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer CONSTRAINT n_positive CHECK (n > 0));
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer CONSTRAINT n_positive CHECK (n >= 0));
