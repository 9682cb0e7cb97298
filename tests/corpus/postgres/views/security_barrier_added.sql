-- an existing view gains security_barrier
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v AS SELECT id, label FROM t WHERE n > 0;
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
CREATE VIEW v WITH (security_barrier) AS SELECT id, label FROM t WHERE n > 0;
