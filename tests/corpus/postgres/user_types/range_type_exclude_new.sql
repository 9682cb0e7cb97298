-- a new range type, a new table with an EXCLUDE on it (needs btree_gist for room WITH =)
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE EXTENSION btree_gist;
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE t (id integer PRIMARY KEY);
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during floatrange NOT NULL,
  EXCLUDE USING gist (room WITH =, during WITH &&));
