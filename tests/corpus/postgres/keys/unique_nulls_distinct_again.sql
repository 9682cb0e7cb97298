-- UNIQUE NULLS NOT DISTINCT back to the default (NULLS DISTINCT)
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text, CONSTRAINT t_email_key UNIQUE NULLS NOT DISTINCT (email));
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text, CONSTRAINT t_email_key UNIQUE NULLS DISTINCT (email));
