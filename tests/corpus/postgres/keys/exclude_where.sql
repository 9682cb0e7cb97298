-- EXCLUDE with a WHERE predicate
-- old
CREATE TABLE t (id integer PRIMARY KEY, during daterange, active boolean);
-- new
CREATE TABLE t (id integer PRIMARY KEY, during daterange, active boolean, EXCLUDE USING gist (during WITH &&) WHERE (active));
