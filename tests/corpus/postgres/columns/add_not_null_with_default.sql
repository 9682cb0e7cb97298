-- ADD COLUMN ... NOT NULL DEFAULT: existing rows take the default
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, qty integer NOT NULL DEFAULT 0);
