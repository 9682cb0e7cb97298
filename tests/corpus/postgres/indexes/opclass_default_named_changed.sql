-- a gin key's default operator class named (jsonb_ops), changed to jsonb_path_ops
-- old
CREATE TABLE docs (id integer PRIMARY KEY, body jsonb);
CREATE INDEX docs_body ON docs USING gin (body jsonb_ops);
-- new
CREATE TABLE docs (id integer PRIMARY KEY, body jsonb);
CREATE INDEX docs_body ON docs USING gin (body jsonb_path_ops);
