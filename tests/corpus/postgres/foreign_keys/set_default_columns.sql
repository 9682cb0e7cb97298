-- ON DELETE SET DEFAULT (col) on an existing key, changed from SET NULL (col)
-- old
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer NOT NULL, b integer DEFAULT 0, FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL (b));
-- new
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer NOT NULL, b integer DEFAULT 0, FOREIGN KEY (a, b) REFERENCES p ON DELETE SET DEFAULT (b));
