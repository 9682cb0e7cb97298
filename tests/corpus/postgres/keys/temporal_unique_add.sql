-- a UNIQUE ... WITHOUT OVERLAPS added to an existing table, with a text key column
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE licences (id integer PRIMARY KEY, plate text NOT NULL, valid_at tstzrange NOT NULL);
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE licences (id integer PRIMARY KEY, plate text NOT NULL, valid_at tstzrange NOT NULL, CONSTRAINT licences_plate_valid UNIQUE (plate, valid_at WITHOUT OVERLAPS));
