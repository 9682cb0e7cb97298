-- ALTER COLUMN DROP NOT NULL
-- old
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text);
