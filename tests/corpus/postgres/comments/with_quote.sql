-- a comment with an apostrophe and a new line
-- old
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, n integer, label text);
COMMENT ON TABLE t IS E'the team''s table\nsecond line';
