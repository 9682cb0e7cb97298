-- a NO INHERIT CHECK on a parent table
-- old
CREATE TABLE base (id integer);
CREATE TABLE child () INHERITS (base);
-- new
CREATE TABLE base (id integer, CONSTRAINT base_only CHECK (id > 0) NO INHERIT);
CREATE TABLE child () INHERITS (base);
