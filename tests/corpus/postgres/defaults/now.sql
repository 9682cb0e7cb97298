-- DEFAULT now()
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, created timestamptz NOT NULL DEFAULT now());
