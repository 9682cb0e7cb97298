-- CREATE COLLATION copying a libc collation, and a column using it
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE COLLATION bytewise (provider = libc, locale = 'C');
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE bytewise);
