-- a child's check comparing an inherited column with a typed literal, the parent's column and the literal's cast both changed from timestamp to timestamptz (pagila's partition checks)
-- old
CREATE TABLE base (id integer NOT NULL, d timestamp without time zone NOT NULL);
CREATE TABLE child (CONSTRAINT child_d_check CHECK ((d >= '2015-01-01 00:00:00'::timestamp without time zone))) INHERITS (base);
-- new
CREATE TABLE base (id integer NOT NULL, d timestamp with time zone NOT NULL);
CREATE TABLE child (CONSTRAINT child_d_check CHECK ((d >= '2015-01-01 00:00:00'::timestamp with time zone))) INHERITS (base);
