-- CREATE COLLATION … FROM an existing one: refused with a reason (state its provider and locale)
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE COLLATION copied FROM "C";
CREATE TABLE t (id integer PRIMARY KEY, name text COLLATE copied);
