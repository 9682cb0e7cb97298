-- DEFAULT 'it''s' (an embedded quote)
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, label text DEFAULT 'it''s');
