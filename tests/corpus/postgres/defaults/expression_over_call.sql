-- DEFAULT (CURRENT_TIMESTAMP + '7 days'::interval): an expression over a call, only the server can judge it
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, expires timestamptz DEFAULT (CURRENT_TIMESTAMP + '7 days'::interval));
