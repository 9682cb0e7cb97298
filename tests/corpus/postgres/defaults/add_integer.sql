-- DEFAULT on a new integer column
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer DEFAULT 42);
