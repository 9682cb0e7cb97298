-- EXCLUDE USING gist over a range type of your own and a scalar (= on a scalar needs btree_gist)
-- old
CREATE EXTENSION btree_gist;
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during floatrange NOT NULL);
-- new
CREATE EXTENSION btree_gist;
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during floatrange NOT NULL,
  CONSTRAINT booking_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
