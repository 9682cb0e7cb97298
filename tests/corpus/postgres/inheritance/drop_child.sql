-- an inheriting table dropped
-- old
CREATE TABLE base (id integer);
CREATE TABLE child (extra text) INHERITS (base);
-- new
CREATE TABLE base (id integer);
