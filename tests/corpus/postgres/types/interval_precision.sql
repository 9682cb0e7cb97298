-- interval(3) added, interval(0) widened to interval(2), interval(6) dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, b interval(0), c interval(6));
-- new
CREATE TABLE t (id integer PRIMARY KEY, b interval(2), a interval(3));
