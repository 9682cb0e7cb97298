-- DEFAULT 0.00 on numeric(10,2)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, price numeric(10,2) NOT NULL DEFAULT 0.00);
