-- UNIQUE DEFERRABLE made NOT DEFERRABLE
-- old
CREATE TABLE t (id integer PRIMARY KEY, pos integer, CONSTRAINT t_pos_key UNIQUE (pos) DEFERRABLE INITIALLY DEFERRED);
-- new
CREATE TABLE t (id integer PRIMARY KEY, pos integer, CONSTRAINT t_pos_key UNIQUE (pos));
