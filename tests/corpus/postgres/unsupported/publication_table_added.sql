-- a table added to a publication by ALTER PUBLICATION … ADD TABLE (publications are not
-- migrated yet: refused by name)
-- expect: refused-as-designed
-- old
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE TABLE items (id integer PRIMARY KEY);
CREATE PUBLICATION changes FOR TABLE orders;
-- new
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE TABLE items (id integer PRIMARY KEY);
CREATE PUBLICATION changes FOR TABLE orders;
ALTER PUBLICATION changes ADD TABLE items;
