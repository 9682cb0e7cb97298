-- CHECK (status IN ('a', 'b', 'c'))
-- old
CREATE TABLE t (id integer PRIMARY KEY, status text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, status text CHECK (status IN ('a', 'b', 'c')));
