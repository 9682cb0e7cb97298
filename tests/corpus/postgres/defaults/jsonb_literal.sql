-- DEFAULT '{}'::jsonb
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, meta jsonb NOT NULL DEFAULT '{}'::jsonb);
