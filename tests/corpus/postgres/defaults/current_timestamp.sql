-- DEFAULT CURRENT_TIMESTAMP (SQL-standard spelling)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, created timestamptz DEFAULT CURRENT_TIMESTAMP);
