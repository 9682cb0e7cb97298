-- an extension and a view that uses its type dropped together
-- old
CREATE EXTENSION citext;
CREATE TABLE t (id integer PRIMARY KEY, email text);
CREATE VIEW v AS SELECT id, email::citext AS email FROM t;
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text);
