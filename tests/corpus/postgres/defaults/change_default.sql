-- a changed DEFAULT
-- old
CREATE TABLE t (id integer PRIMARY KEY, status text DEFAULT 'new');
-- new
CREATE TABLE t (id integer PRIMARY KEY, status text DEFAULT 'draft');
