-- the owner revokes some of its own privileges (a table made read-only for its owner too: REVOKE
-- ... FROM CURRENT_USER, pg_dump's REVOKE ALL ... FROM owner and GRANT of the rest)
-- old
CREATE TABLE docs (id integer PRIMARY KEY, body text);
-- new
CREATE TABLE docs (id integer PRIMARY KEY, body text);
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON docs FROM CURRENT_USER;
