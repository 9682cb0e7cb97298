-- ALTER TYPE ... RENAME ATTRIBUTE on a composite in use, from a renamed-from marker (values kept)
-- old
CREATE TYPE address AS (street text, zip varchar(10), city text);
CREATE TABLE t (id integer PRIMARY KEY, home address);
-- new
CREATE TYPE address AS (
    street text,
    postcode varchar(10), -- wesley:renamed-from zip
    city text
);
CREATE TABLE t (id integer PRIMARY KEY, home address);
