-- serial to plain integer: the default and the column's own sequence go
-- old
CREATE TABLE t (id serial PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
