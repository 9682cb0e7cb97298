-- an array of a geometric type, and a polygon column dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, shape polygon);
-- new
CREATE TABLE t (id integer PRIMARY KEY, points point[]);
