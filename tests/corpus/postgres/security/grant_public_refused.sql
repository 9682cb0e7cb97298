-- GRANT SELECT to PUBLIC: access-widening, refused without --allow-access-widening
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY);
GRANT SELECT ON t TO PUBLIC;
