-- a new table with an EXCLUDE constraint on a range column
-- old
CREATE TABLE rooms (id integer PRIMARY KEY);
-- new
CREATE TABLE rooms (id integer PRIMARY KEY);
CREATE TABLE bookings (id integer PRIMARY KEY, during tstzrange NOT NULL, EXCLUDE USING gist (during WITH &&));
