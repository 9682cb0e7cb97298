-- CHECK on a boolean column alone: CHECK (active)
-- old
CREATE TABLE t (id integer PRIMARY KEY, active boolean);
-- new
CREATE TABLE t (id integer PRIMARY KEY, active boolean, CHECK (active));
