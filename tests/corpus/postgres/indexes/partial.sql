-- partial index WHERE
-- old
CREATE TABLE t (id integer PRIMARY KEY, email text, deleted_at timestamptz);
-- new
CREATE TABLE t (id integer PRIMARY KEY, email text, deleted_at timestamptz);
CREATE INDEX t_live_email_idx ON t (email) WHERE deleted_at IS NULL;
