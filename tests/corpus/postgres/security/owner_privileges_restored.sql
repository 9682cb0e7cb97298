-- the owner's own privileges given back whole (GRANT ALL to the owner): access-widening
-- args: --allow-access-widening
-- old
CREATE TABLE docs (id integer PRIMARY KEY, body text);
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON docs FROM CURRENT_USER;
-- new
CREATE TABLE docs (id integer PRIMARY KEY, body text);
