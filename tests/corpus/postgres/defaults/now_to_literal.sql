-- a DEFAULT changed from now() to a timestamp literal
-- old
CREATE TABLE t (id integer PRIMARY KEY, at timestamptz DEFAULT now());
-- new
CREATE TABLE t (id integer PRIMARY KEY, at timestamptz DEFAULT '2000-01-01 00:00:00+00');
