-- a composite whose attribute is a domain, and an array of the composite
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE DOMAIN cents AS bigint CHECK (VALUE >= 0);
CREATE TYPE price AS (amount cents, currency char(3));
CREATE TABLE t (id integer PRIMARY KEY, prices price[]);
