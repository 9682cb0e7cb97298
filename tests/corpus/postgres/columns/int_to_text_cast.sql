-- ALTER COLUMN TYPE integer to text with --cast: generated and applied
-- args: --cast 't.n=CAST(n AS text)'
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n text);
