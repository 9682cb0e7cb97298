-- a default over a call dropped
-- old
CREATE TABLE t (id integer PRIMARY KEY, expires timestamptz DEFAULT (CURRENT_TIMESTAMP + '7 days'::interval));
-- new
CREATE TABLE t (id integer PRIMARY KEY, expires timestamptz);
