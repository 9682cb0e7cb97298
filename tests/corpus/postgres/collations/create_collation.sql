-- CREATE COLLATION copying a libc collation, and a column using it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE COLLATION bytewise (provider = libc, locale = 'C');
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE bytewise);
