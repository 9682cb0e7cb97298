-- SQLite has no schemas: a table of another (attached) database is refused at its line
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE TABLE temp.scratch (id integer PRIMARY KEY);
