-- CREATE TABLE
-- old
CREATE TABLE a (id integer PRIMARY KEY);
-- new
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE b (id integer PRIMARY KEY, name text NOT NULL);
