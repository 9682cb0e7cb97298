-- DEFAULT CURRENT_TIME(0) and LOCALTIME(3): SQL value functions with a precision
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a timetz DEFAULT CURRENT_TIME(0), b time DEFAULT LOCALTIME(3));
