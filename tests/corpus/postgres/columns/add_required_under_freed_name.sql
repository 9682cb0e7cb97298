-- a required column (NOT NULL, no default) of another type added under the name of a column the
-- same migration drops: to the diff it is one column whose type changes, refused without --cast
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY, code integer, note text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, note text, code text NOT NULL);
