-- DEFAULT ('a' || 'b')
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, s text DEFAULT ('a' || 'b'));
