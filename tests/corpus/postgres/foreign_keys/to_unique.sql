-- FOREIGN KEY referencing a UNIQUE column rather than the key
-- old
CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (id integer PRIMARY KEY, code text);
-- new
CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (id integer PRIMARY KEY, code text REFERENCES p (code));
