-- a new set-returning function (RETURNS TABLE)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE FUNCTION big_rows(minimum integer) RETURNS TABLE (id integer, n integer) LANGUAGE sql STABLE AS $$ SELECT id, n FROM t WHERE n > minimum $$;
