-- a partial unique index with NULLS NOT DISTINCT
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text, active boolean);
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text, active boolean);
CREATE UNIQUE INDEX t_email_idx ON t (email) INCLUDE (id) NULLS NOT DISTINCT WHERE active;
