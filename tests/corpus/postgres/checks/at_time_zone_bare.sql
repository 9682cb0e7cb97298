-- CHECK with a bare AT TIME ZONE on a column (no parentheses around it)
-- old
CREATE TABLE t (id integer PRIMARY KEY, at timestamptz);
-- new
CREATE TABLE t (id integer PRIMARY KEY, at timestamptz, CHECK (at AT TIME ZONE 'UTC' > '2000-01-01 00:00'));
