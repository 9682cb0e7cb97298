-- a temporal foreign key dropped
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id integer, valid_at daterange, PRIMARY KEY (id, valid_at WITHOUT OVERLAPS));
CREATE TABLE bookings (id integer PRIMARY KEY, room_id integer NOT NULL, booked_at daterange NOT NULL, CONSTRAINT bookings_room FOREIGN KEY (room_id, PERIOD booked_at) REFERENCES rooms (id, PERIOD valid_at));
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE rooms (id integer, valid_at daterange, PRIMARY KEY (id, valid_at WITHOUT OVERLAPS));
CREATE TABLE bookings (id integer PRIMARY KEY, room_id integer NOT NULL, booked_at daterange NOT NULL);
