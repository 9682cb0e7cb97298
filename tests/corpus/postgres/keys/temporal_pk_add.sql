-- a table without a key gets a temporal primary key on an integer and a multirange
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE shifts (worker integer NOT NULL, hours tsmultirange NOT NULL);
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE shifts (worker integer NOT NULL, hours tsmultirange NOT NULL, CONSTRAINT shifts_pkey PRIMARY KEY (worker, hours WITHOUT OVERLAPS));
