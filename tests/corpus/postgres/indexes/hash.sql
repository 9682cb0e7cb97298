-- hash index
-- old
CREATE TABLE t (id integer PRIMARY KEY, token text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, token text);
CREATE INDEX t_token_idx ON t USING hash (token);
