-- numeric(10,2) to numeric(12,4)
-- old
CREATE TABLE t (id integer PRIMARY KEY, price numeric(10,2));
-- new
CREATE TABLE t (id integer PRIMARY KEY, price numeric(12,4));
