-- varchar(5)[] array of a type with a modifier
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, codes varchar(5)[]);
