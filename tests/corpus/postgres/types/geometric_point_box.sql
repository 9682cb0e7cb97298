-- geometric types: point, box, circle
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, p point, b box, c circle);
