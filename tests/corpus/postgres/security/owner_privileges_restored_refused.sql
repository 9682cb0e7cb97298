-- the owner's own privileges given back whole without --allow-access-widening: refused
-- expect: refused-as-designed
-- old
CREATE TABLE docs (id integer PRIMARY KEY, body text);
REVOKE UPDATE ON docs FROM CURRENT_USER;
-- new
CREATE TABLE docs (id integer PRIMARY KEY, body text);
