-- ALTER TABLE RENAME COLUMN, then a new column under the old name (and one after it)
-- args: --rename t.code=t.legacy_code
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, code INTEGER NOT NULL, note TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, legacy_code INTEGER NOT NULL, note TEXT, code INTEGER, label TEXT DEFAULT '');
