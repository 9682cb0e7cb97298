-- ADD COLUMN of type serial to a table the same migration renames (ALTER TABLE RENAME TO):
-- the sequence is named after the new table name, <new table>_<column>_seq
-- args: --rename orders=purchases
-- old
CREATE TABLE orders (id integer PRIMARY KEY, note text);
-- new
CREATE TABLE purchases (id integer PRIMARY KEY, note text, n serial);
