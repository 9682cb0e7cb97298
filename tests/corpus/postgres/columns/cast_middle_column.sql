-- ALTER COLUMN TYPE integer to text with --cast, on the middle column of three: through a shadow
-- column, which ends last (generate warns, diff names the order)
-- expect: column-moved
-- args: --cast 't.n=CAST(n AS text)'
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n text, label text);
