-- a domain over a built-in range type (CREATE DOMAIN d AS int4range CHECK …) and a column of it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE DOMAIN nonempty_span AS int4range CHECK (NOT isempty(VALUE));
CREATE TABLE t (id integer PRIMARY KEY, span nonempty_span);
