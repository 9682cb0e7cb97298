-- DEFAULT (now())::date and DEFAULT CAST('5' AS integer)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, d date DEFAULT (now())::date, n integer DEFAULT CAST('5' AS integer));
