-- a money default changed, and a numeric one added to a money column
-- old
CREATE TABLE t (id integer PRIMARY KEY, price money DEFAULT '1.50'::money, fee money);
-- new
CREATE TABLE t (id integer PRIMARY KEY, price money DEFAULT '2.00'::money, fee money DEFAULT 0);
