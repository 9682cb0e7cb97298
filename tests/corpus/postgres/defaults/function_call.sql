-- DEFAULT lower('ABC') and DEFAULT clock_timestamp()
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, s text DEFAULT lower('ABC'), at timestamptz DEFAULT clock_timestamp());
