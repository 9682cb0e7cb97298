-- several tables changed at once
-- old
CREATE TABLE a (id integer PRIMARY KEY, x text);
CREATE TABLE b (id integer PRIMARY KEY);
-- new
CREATE TABLE a (id integer PRIMARY KEY, x text NOT NULL, y integer DEFAULT 0);
CREATE TABLE c (id bigint PRIMARY KEY, a_id integer REFERENCES a);
CREATE INDEX c_a_id_idx ON c (a_id);
