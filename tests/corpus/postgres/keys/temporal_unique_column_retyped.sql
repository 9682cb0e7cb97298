-- a column of a UNIQUE ... WITHOUT OVERLAPS changes type (integer to bigint, a shadow column): the key is made again, still temporal
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE licences (id integer PRIMARY KEY, valid_at tstzrange NOT NULL, holder integer NOT NULL, CONSTRAINT licences_holder_valid UNIQUE (holder, valid_at WITHOUT OVERLAPS));
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE licences (id integer PRIMARY KEY, valid_at tstzrange NOT NULL, holder bigint NOT NULL, CONSTRAINT licences_holder_valid UNIQUE (holder, valid_at WITHOUT OVERLAPS));
