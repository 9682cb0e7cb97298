-- time to time(6) and interval to interval(6): the same values, but PostgreSQL keeps the written precision
-- old
CREATE TABLE t (id integer PRIMARY KEY, at time, span interval);
-- new
CREATE TABLE t (id integer PRIMARY KEY, at time(6), span interval(6));
