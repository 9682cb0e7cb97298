-- numeric(p,s): arbitrary precision numbers
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, price numeric(10,2));
