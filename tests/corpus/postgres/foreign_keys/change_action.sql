-- ON DELETE CASCADE changed to ON DELETE SET NULL
-- old
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p (id) ON DELETE CASCADE);
-- new
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p (id) ON DELETE SET NULL);
