-- a unique index made NULLS DISTINCT again
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX t_email_idx ON t (email) NULLS NOT DISTINCT;
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX t_email_idx ON t (email);
