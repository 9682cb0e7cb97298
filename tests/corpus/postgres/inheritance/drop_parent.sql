-- an inheriting table let go of its parent (ALTER TABLE … NO INHERIT)
-- old
CREATE TABLE base (id integer, created timestamptz);
CREATE TABLE child (extra text) INHERITS (base);
-- new
CREATE TABLE base (id integer, created timestamptz);
CREATE TABLE child (extra text) INHERITS (base);
ALTER TABLE child NO INHERIT base;
