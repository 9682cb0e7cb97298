-- a trigger whose body changes
-- old
CREATE TABLE t (id INTEGER PRIMARY KEY, updated_at TEXT);
CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET updated_at = datetime('now') WHERE id = NEW.id; END;
-- new
CREATE TABLE t (id INTEGER PRIMARY KEY, updated_at TEXT);
CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET updated_at = date('now') WHERE id = NEW.id; END;
