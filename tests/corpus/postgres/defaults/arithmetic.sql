-- DEFAULT (2 * 60)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, seconds integer DEFAULT (2 * 60));
