-- ALTER TABLE RENAME COLUMN, then ADD COLUMN under the old name (and a column after it): the new one only fits after the rename
-- args: --rename t.code=t.legacy_code
-- old
CREATE TABLE t (id integer PRIMARY KEY, code integer NOT NULL, note text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, legacy_code integer NOT NULL, note text, code integer, label text DEFAULT '');
