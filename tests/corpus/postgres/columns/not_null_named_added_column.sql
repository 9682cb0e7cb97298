-- PostgreSQL 18: a NOT NULL column added with a default, its constraint named
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, status text CONSTRAINT status_required NOT NULL DEFAULT 'new');
