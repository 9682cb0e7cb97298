-- a column of an existing domain added, and an array of the domain
-- old
CREATE DOMAIN us_zip AS text CHECK (VALUE ~ '^\d{5}$');
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE DOMAIN us_zip AS text CHECK (VALUE ~ '^\d{5}$');
CREATE TABLE t (id integer PRIMARY KEY, zips us_zip[]);
