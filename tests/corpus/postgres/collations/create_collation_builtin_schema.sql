-- CREATE COLLATION with the builtin provider (PostgreSQL 17+), in a schema of its own, on an
-- existing column
-- needs: PostgreSQL 17
-- old
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY, code text);
-- new
CREATE SCHEMA app;
CREATE COLLATION app.utf8 (provider = builtin, locale = 'C.UTF-8');
CREATE TABLE app.t (id integer PRIMARY KEY, code text COLLATE app.utf8);
