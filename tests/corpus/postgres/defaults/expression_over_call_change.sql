-- a default over a call changed to another one
-- old
CREATE TABLE t (id integer PRIMARY KEY, expires timestamptz DEFAULT (CURRENT_TIMESTAMP + '7 days'::interval));
-- new
CREATE TABLE t (id integer PRIMARY KEY, expires timestamptz DEFAULT (CURRENT_TIMESTAMP + '30 days'::interval));
