-- the owner granted a column's privilege of its own table (an ACL entry of the column, which pg_dump
-- prints beside the table's), and a view's owner keeps SELECT only
-- old
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE VIEW bodies AS SELECT id, body FROM docs;
-- new
CREATE TABLE docs (id integer PRIMARY KEY, body text);
CREATE VIEW bodies AS SELECT id, body FROM docs;
REVOKE ALL ON docs FROM CURRENT_USER;
GRANT SELECT, UPDATE (body) ON docs TO CURRENT_USER;
REVOKE ALL ON bodies FROM CURRENT_USER;
GRANT SELECT ON bodies TO CURRENT_USER;
