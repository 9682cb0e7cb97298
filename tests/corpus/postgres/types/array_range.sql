-- an array of a range type, written two-dimensional (PostgreSQL keeps one dimension)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, slots tstzrange[][]);
