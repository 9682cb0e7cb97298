-- an index renamed in letter case only: dropped before it is made again (SQLite has no RENAME INDEX)
-- old
CREATE TABLE notes (id integer PRIMARY KEY, usn integer);
CREATE INDEX ix_Notes_usn ON notes (usn);
-- new
CREATE TABLE notes (id integer PRIMARY KEY, usn integer);
CREATE INDEX ix_notes_usn ON notes (usn);
