-- UNIQUE (code) INCLUDE (name): a covering unique index
-- old
CREATE TABLE t (id integer PRIMARY KEY, code text, name text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, code text, name text, UNIQUE (code) INCLUDE (name));
