-- a CHECK added to a domain in use: ALTER DOMAIN ... ADD CONSTRAINT
-- old
CREATE DOMAIN email AS text;
CREATE TABLE t (id integer PRIMARY KEY, e email);
-- new
CREATE DOMAIN email AS text CONSTRAINT email_check CHECK (VALUE LIKE '%@%');
CREATE TABLE t (id integer PRIMARY KEY, e email);
