-- ALTER TABLE ADD COLUMN: a nullable text column
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, note text);
