-- ALTER COLUMN TYPE integer to text: refused without --cast (the column would compare and sort as text)
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n text);
