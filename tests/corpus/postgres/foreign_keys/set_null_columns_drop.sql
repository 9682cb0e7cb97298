-- the column list of ON DELETE SET NULL (col) removed: every key column is set to NULL again
-- old
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer, b integer, FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL (b));
-- new
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer, b integer, FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL);
