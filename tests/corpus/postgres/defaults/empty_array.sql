-- DEFAULT '{}'::text[]
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, tags text[] NOT NULL DEFAULT '{}'::text[]);
