-- DEFAULT '1 day'::interval
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ttl interval DEFAULT '1 day'::interval);
