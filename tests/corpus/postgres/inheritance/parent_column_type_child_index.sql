-- a type change (timestamp to timestamptz) of a column the child inherits, which the child indexes
-- old
CREATE TABLE base (id integer NOT NULL, d timestamp without time zone, n integer);
CREATE TABLE child (extra text) INHERITS (base);
CREATE INDEX child_d_idx ON child (d);
-- new
CREATE TABLE base (id integer NOT NULL, d timestamp with time zone, n integer);
CREATE TABLE child (extra text) INHERITS (base);
CREATE INDEX child_d_idx ON child (d);
