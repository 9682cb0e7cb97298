-- numeric without precision, and decimal as its alias
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a numeric, b decimal(8));
