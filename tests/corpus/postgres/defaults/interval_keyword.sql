-- DEFAULT INTERVAL '2 hours' (typed literal)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ttl interval DEFAULT INTERVAL '2 hours');
