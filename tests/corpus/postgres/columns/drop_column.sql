-- ALTER TABLE DROP COLUMN
-- old
CREATE TABLE t (id integer PRIMARY KEY, note text);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
