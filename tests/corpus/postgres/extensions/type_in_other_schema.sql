-- an extension's type in the schema CREATE EXTENSION … WITH SCHEMA put it in (ext.citext): columns, an array, made NOT NULL
-- old
CREATE SCHEMA ext;
CREATE EXTENSION citext WITH SCHEMA ext;
CREATE TABLE t (id integer PRIMARY KEY, email ext.citext);
-- new
CREATE SCHEMA ext;
CREATE EXTENSION citext WITH SCHEMA ext;
CREATE TABLE t (id integer PRIMARY KEY, email ext.citext NOT NULL, tags ext.citext[], code ext.citext NOT NULL DEFAULT 'x');
CREATE INDEX t_email_idx ON t (email);
