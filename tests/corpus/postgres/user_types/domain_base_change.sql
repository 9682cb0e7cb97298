-- a domain's base type changed: PostgreSQL cannot ALTER it, refused with a reason
-- expect: refused-as-designed
-- old
CREATE DOMAIN amount AS integer;
CREATE TABLE t (id integer PRIMARY KEY, a amount);
-- new
CREATE DOMAIN amount AS bigint;
CREATE TABLE t (id integer PRIMARY KEY, a amount);
