-- composite FOREIGN KEY (a, b)
-- old
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer, b integer);
-- new
CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
CREATE TABLE c (id integer PRIMARY KEY, a integer, b integer, CONSTRAINT c_p_fk FOREIGN KEY (a, b) REFERENCES p (a, b));
