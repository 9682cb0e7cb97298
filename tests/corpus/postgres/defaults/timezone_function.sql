-- DEFAULT timezone('utc', now()): the function form of AT TIME ZONE
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, created timestamp DEFAULT timezone('utc', now()));
