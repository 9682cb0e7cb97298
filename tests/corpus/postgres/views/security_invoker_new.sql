-- a view that runs with the caller's privileges (security_invoker)
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v AS SELECT id, n FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE VIEW v WITH (security_invoker = on) AS SELECT id, n FROM t;
