-- CHECK using OVERLAPS
-- old
CREATE TABLE t (id integer PRIMARY KEY, s date, e date);
-- new
CREATE TABLE t (id integer PRIMARY KEY, s date, e date, CHECK (NOT (s, e) OVERLAPS (DATE '2000-01-01', DATE '2000-01-02')));
