-- NOT NULL on a column the child inherits, set on the child only
-- old
CREATE TABLE base (id integer NOT NULL, n integer);
CREATE TABLE child (extra text) INHERITS (base);
-- new
CREATE TABLE base (id integer NOT NULL, n integer);
CREATE TABLE child (extra text) INHERITS (base);
ALTER TABLE ONLY child ALTER COLUMN n SET NOT NULL;
