-- a UNIQUE ... WITHOUT OVERLAPS dropped
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE licences (id integer PRIMARY KEY, plate text NOT NULL, valid_at tstzrange NOT NULL, UNIQUE (plate, valid_at WITHOUT OVERLAPS));
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE licences (id integer PRIMARY KEY, plate text NOT NULL, valid_at tstzrange NOT NULL);
