-- DEFAULT (md5('x')): a function SQLite does not have; CREATE TABLE accepts it, every insert relying on it fails
-- expect: refused-as-designed
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, h TEXT DEFAULT (md5('x')));
