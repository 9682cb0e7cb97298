-- ALTER COLUMN SET NOT NULL
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);
