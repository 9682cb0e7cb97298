-- a table's partition key changed: refused by name (rows would have to move)
-- expect: refused-as-designed
-- old
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
-- new
CREATE TABLE events (id integer NOT NULL, at date NOT NULL) PARTITION BY HASH (id);
