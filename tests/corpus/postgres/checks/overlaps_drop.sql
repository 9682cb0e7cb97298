-- a CHECK using OVERLAPS dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, s date, e date, CONSTRAINT t_period CHECK (NOT (s, e) OVERLAPS (DATE '2000-01-01', DATE '2000-01-02')));
-- new
CREATE TABLE t (id integer PRIMARY KEY, s date, e date);
