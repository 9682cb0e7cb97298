-- a temporal primary key becomes a plain one: WITHOUT OVERLAPS removed
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE room_prices (room_id integer, valid_at daterange, price numeric(8,2) NOT NULL, PRIMARY KEY (room_id, valid_at WITHOUT OVERLAPS));
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE room_prices (room_id integer, valid_at daterange, price numeric(8,2) NOT NULL, PRIMARY KEY (room_id, valid_at));
