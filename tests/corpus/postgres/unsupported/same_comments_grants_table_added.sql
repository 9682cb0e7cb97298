-- comments, a grant and a function the same in both versions; a table is added
-- old
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON TABLE t IS 'the things';
COMMENT ON COLUMN t.id IS 'the key';
GRANT SELECT, INSERT ON t TO PUBLIC;
CREATE FUNCTION add_one(i int4) RETURNS int STRICT LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';
COMMENT ON FUNCTION add_one(int) IS 'adds one';
-- new
CREATE TABLE t (id integer PRIMARY KEY);
COMMENT ON TABLE t IS 'the things';
COMMENT ON COLUMN t.id IS 'the key';
GRANT SELECT, INSERT ON t TO PUBLIC;
CREATE FUNCTION add_one(i int4) RETURNS int STRICT LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';
COMMENT ON FUNCTION add_one(int) IS 'adds one';
CREATE TABLE u (id integer PRIMARY KEY);
