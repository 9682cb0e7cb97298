-- a two-column unique index whose first key is a column declared COLLATE NOCASE
-- (PRAGMA index_xinfo gives that key the column's collation, the second key BINARY)
-- old
CREATE TABLE fields (
  kind INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  label TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (kind, pos)
) WITHOUT ROWID;
-- new
CREATE TABLE fields (
  kind INTEGER NOT NULL,
  pos INTEGER NOT NULL,
  label TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (kind, pos)
) WITHOUT ROWID;
CREATE UNIQUE INDEX fields_label_kind ON fields (label, kind);
