-- a new procedure
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
CREATE PROCEDURE add_row(i integer) LANGUAGE sql AS 'INSERT INTO t VALUES (i)';
