-- CHECK (ends_at > starts_at)
-- old
CREATE TABLE t (id integer PRIMARY KEY, starts_at timestamptz, ends_at timestamptz);
-- new
CREATE TABLE t (id integer PRIMARY KEY, starts_at timestamptz, ends_at timestamptz, CHECK (ends_at > starts_at));
