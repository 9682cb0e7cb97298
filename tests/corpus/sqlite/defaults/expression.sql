-- DEFAULT (datetime('now')): an expression default in parentheses
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT DEFAULT (datetime('now')));
