-- a WITHOUT ROWID table becomes an ordinary rowid table
-- old
CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
-- new
CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);
