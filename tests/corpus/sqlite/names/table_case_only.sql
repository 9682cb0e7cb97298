-- a table renamed in letter case only: one table to SQLite, renamed (through a passing name)
-- old
CREATE TABLE Notes (id integer PRIMARY KEY, usn integer);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer REFERENCES Notes (id));
-- new
CREATE TABLE notes (id integer PRIMARY KEY, usn integer);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer REFERENCES notes (id));
