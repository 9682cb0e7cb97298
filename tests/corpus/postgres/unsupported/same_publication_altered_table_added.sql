-- a publication made empty and given its tables by ALTER PUBLICATION, the same in both
-- versions, while a table is added (the pre-check compares it with the catalog's)
-- old
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE TABLE items (id integer PRIMARY KEY);
CREATE PUBLICATION changes;
ALTER PUBLICATION changes ADD TABLE orders, items;
ALTER PUBLICATION changes DROP TABLE items;
ALTER PUBLICATION changes SET (publish = 'insert, update');
-- new
CREATE TABLE orders (id integer PRIMARY KEY);
CREATE TABLE items (id integer PRIMARY KEY);
CREATE PUBLICATION changes;
ALTER PUBLICATION changes ADD TABLE orders, items;
ALTER PUBLICATION changes DROP TABLE items;
ALTER PUBLICATION changes SET (publish = 'insert, update');
CREATE TABLE notes (id integer PRIMARY KEY, body text);
