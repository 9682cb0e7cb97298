-- EXCLUDE USING gist (room WITH =, during WITH &&) over a built-in range: = on an integer needs btree_gist
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL);
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE booking (id integer PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL,
  EXCLUDE USING gist (room WITH =, during WITH &&));
