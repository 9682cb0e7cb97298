-- PUBLIC's CREATE on the public schema (the default before PostgreSQL 15) taken back to the
-- default USAGE: revoked, USAGE kept (narrowing)
-- old
CREATE TABLE docs (id integer PRIMARY KEY);
GRANT CREATE ON SCHEMA public TO PUBLIC;
-- new
CREATE TABLE docs (id integer PRIMARY KEY);
