-- a VALUES view whose constants change type
-- old
CREATE VIEW levels (name, rank) AS VALUES ('low', 1), ('high', 2);
-- new
CREATE VIEW levels (name, rank) AS VALUES ('low', 1.5), ('high', 2.5);
