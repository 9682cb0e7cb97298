-- a primary key becomes temporal: only WITHOUT OVERLAPS on its last column changes
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE room_prices (room_id integer, valid_at daterange, price numeric(8,2) NOT NULL, CONSTRAINT room_prices_pkey PRIMARY KEY (room_id, valid_at));
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE room_prices (room_id integer, valid_at daterange, price numeric(8,2) NOT NULL, CONSTRAINT room_prices_pkey PRIMARY KEY (room_id, valid_at WITHOUT OVERLAPS));
