-- a collation no column uses changes its locale (dropped and created again)
-- old
CREATE COLLATION spare (provider = libc, locale = 'C');
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE COLLATION spare (provider = libc, locale = 'POSIX');
CREATE TABLE t (id integer PRIMARY KEY);
