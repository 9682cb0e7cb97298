-- a role the new file creates: roles are the cluster's, not migrated, so refused with the role named
-- expect: refused-as-designed
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
DROP ROLE IF EXISTS corpus_role_added;
CREATE ROLE corpus_role_added;
CREATE TABLE t (id integer PRIMARY KEY);
