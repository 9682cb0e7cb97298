-- Several ADD COLUMN at once
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a text, b integer NOT NULL DEFAULT 1, c boolean);
