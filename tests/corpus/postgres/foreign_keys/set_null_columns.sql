-- ON DELETE SET NULL (col): a column list (PostgreSQL 15+)
-- old
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer NOT NULL, b integer);
-- new
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer NOT NULL, b integer, FOREIGN KEY (a, b) REFERENCES p ON DELETE SET NULL (b));
