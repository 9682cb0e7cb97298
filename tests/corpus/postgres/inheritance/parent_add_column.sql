-- ADD COLUMN on an inherited parent (children get it too)
-- old
CREATE TABLE base (id integer);
CREATE TABLE child (extra text) INHERITS (base);
-- new
CREATE TABLE base (id integer, note text);
CREATE TABLE child (extra text) INHERITS (base);
