-- DEFAULT gen_random_uuid() (built in since PostgreSQL 13)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ref uuid NOT NULL DEFAULT gen_random_uuid());
