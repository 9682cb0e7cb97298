-- a new view with security_barrier
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW public_rows WITH (security_barrier) AS SELECT id, label FROM t WHERE n > 0;
