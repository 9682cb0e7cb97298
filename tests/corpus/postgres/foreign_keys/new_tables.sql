-- two new tables, one referencing the other
-- old
CREATE TABLE other (id integer PRIMARY KEY);
-- new
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer NOT NULL REFERENCES p);
