-- DEFAULT now() + interval '1 day' added, changed to 2 days on another column
-- old
CREATE TABLE t (id integer PRIMARY KEY, due timestamptz DEFAULT now() + interval '1 day');
-- new
CREATE TABLE t (id integer PRIMARY KEY, due timestamptz DEFAULT now() + interval '2 days', expires timestamptz DEFAULT now() + interval '1 day');
