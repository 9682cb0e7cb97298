-- an ordinary table with a TEXT primary key becomes WITHOUT ROWID
-- old
CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);
-- new
CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
