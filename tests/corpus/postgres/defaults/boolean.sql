-- DEFAULT true and DEFAULT false
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, active boolean NOT NULL DEFAULT true, hidden boolean DEFAULT false);
