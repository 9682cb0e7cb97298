-- a new table whose primary key is temporal: equal ids, non-overlapping periods (PostgreSQL 18 WITHOUT OVERLAPS)
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id integer PRIMARY KEY);
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id integer PRIMARY KEY);
CREATE TABLE room_prices (room_id integer, valid_at daterange, price numeric(8,2) NOT NULL, PRIMARY KEY (room_id, valid_at WITHOUT OVERLAPS));
