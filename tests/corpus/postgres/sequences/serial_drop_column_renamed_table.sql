-- DROP COLUMN of a serial column (its sequence goes with it) from a table the same migration
-- renames (ALTER TABLE RENAME TO)
-- args: --rename orders=purchases
-- old
CREATE TABLE orders (id integer PRIMARY KEY, n serial);
-- new
CREATE TABLE purchases (id integer PRIMARY KEY);
