-- GENERATED ALWAYS AS (...) VIRTUAL (PostgreSQL 18): not supported yet
-- expect: refused-as-designed
-- needs: PostgreSQL 18
-- old
CREATE TABLE t (id integer PRIMARY KEY, a integer);
-- new
CREATE TABLE t (id integer PRIMARY KEY, a integer, b integer GENERATED ALWAYS AS (a * 2) VIRTUAL);
