-- UNIQUE constraint dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text UNIQUE);
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text);
