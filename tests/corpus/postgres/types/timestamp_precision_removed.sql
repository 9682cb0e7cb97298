-- timestamptz(3) to timestamptz: the precision left out (PostgreSQL keeps 6 digits, and dumps it unwritten)
-- old
CREATE TABLE t (id integer PRIMARY KEY, seen timestamptz(3));
-- new
CREATE TABLE t (id integer PRIMARY KEY, seen timestamptz);
