-- a partition key expression: refused by name (not supported yet)
-- expect: refused-as-designed
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE logs (id integer NOT NULL, at timestamp NOT NULL) PARTITION BY RANGE ((at::date));
