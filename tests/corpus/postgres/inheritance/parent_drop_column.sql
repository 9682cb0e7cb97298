-- a column dropped from an inherited parent (children lose it too)
-- old
CREATE TABLE base (id integer, note text);
CREATE TABLE child (extra text) INHERITS (base);
-- new
CREATE TABLE base (id integer);
CREATE TABLE child (extra text) INHERITS (base);
