-- a unique index on an expression: lower(email)
-- old
CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT);
-- new
CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT);
CREATE UNIQUE INDEX u_email_lower ON u (lower(email));
