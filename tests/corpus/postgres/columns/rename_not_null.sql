-- ALTER TABLE RENAME COLUMN of a NOT NULL column: PostgreSQL 18 keeps its NOT NULL constraint's name <table>_<column>_not_null
-- args: --rename t.title=t.name
-- old
CREATE TABLE t (id integer PRIMARY KEY, title text NOT NULL, note text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL, note text);
