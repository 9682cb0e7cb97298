-- ALTER COLUMN TYPE integer to text (an assignment cast exists)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n text);
