-- a default of the child's own on a column it inherits (ALTER TABLE ONLY child … SET DEFAULT) added
-- old
CREATE TABLE base (id integer NOT NULL, n integer);
CREATE TABLE child (extra text) INHERITS (base);
-- new
CREATE TABLE base (id integer NOT NULL, n integer);
CREATE TABLE child (extra text) INHERITS (base);
ALTER TABLE ONLY child ALTER COLUMN n SET DEFAULT 7;
