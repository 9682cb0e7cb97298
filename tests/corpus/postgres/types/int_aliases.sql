-- int2, int4, int8 aliases
-- old
CREATE TABLE t (id int4 PRIMARY KEY);
-- new
CREATE TABLE t (id int4 PRIMARY KEY, a int2, b int8);
