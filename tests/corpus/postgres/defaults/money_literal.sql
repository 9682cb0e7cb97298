-- DEFAULT '0.00'::money
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, amount money DEFAULT '0.00'::money);
