-- a domain's DEFAULT changed and NOT NULL added
-- old
CREATE DOMAIN label AS varchar(20) DEFAULT 'none';
CREATE TABLE t (id integer PRIMARY KEY, l label);
-- new
CREATE DOMAIN label AS varchar(20) NOT NULL DEFAULT 'unset';
CREATE TABLE t (id integer PRIMARY KEY, l label);
