-- DEFAULT -1
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, rank integer DEFAULT -1);
