-- partial UNIQUE index
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text, active boolean);
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text, active boolean);
CREATE UNIQUE INDEX t_active_email_idx ON t (email) WHERE active;
