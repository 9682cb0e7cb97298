-- CHECK ((a, b) < (10, 20)): row constructor comparison
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer, CHECK ((a, b) < (10, 20)));
