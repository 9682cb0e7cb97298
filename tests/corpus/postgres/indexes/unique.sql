-- CREATE UNIQUE INDEX
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text);
CREATE UNIQUE INDEX t_email_idx ON t (email);
