-- CHECK (cardinality(tags) <= 5)
-- old
CREATE TABLE t (id integer PRIMARY KEY, tags text[]);
-- new
CREATE TABLE t (id integer PRIMARY KEY, tags text[], CHECK (cardinality(tags) <= 5));
