-- a WITHOUT ROWID table keyed by a name made a rowid table keyed by a new INTEGER PRIMARY
-- KEY: its rows are numbered by the rebuild, not by a backfill over a rowid it lacks
-- old
CREATE TABLE tags (tag TEXT NOT NULL PRIMARY KEY, usn INTEGER NOT NULL) WITHOUT ROWID;
-- new
CREATE TABLE tags (id INTEGER PRIMARY KEY NOT NULL, tag TEXT NOT NULL, usn INTEGER NOT NULL);
