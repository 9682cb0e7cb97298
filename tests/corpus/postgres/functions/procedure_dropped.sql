-- a procedure dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE PROCEDURE reset_n() LANGUAGE sql AS $$ UPDATE t SET n = 0 $$;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
