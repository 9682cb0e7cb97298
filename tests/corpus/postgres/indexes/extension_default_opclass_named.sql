-- an extension type's default operator class named in the index (hstore's gist_hstore_ops, gin_hstore_ops)
-- old
CREATE EXTENSION hstore;
CREATE TABLE products (id integer PRIMARY KEY, attributes hstore);
CREATE INDEX products_attributes_gist ON products USING gist (attributes gist_hstore_ops);
-- new
CREATE EXTENSION hstore;
CREATE TABLE products (id integer PRIMARY KEY, attributes hstore);
CREATE INDEX products_attributes_gist ON products USING gist (attributes gist_hstore_ops);
CREATE INDEX products_attributes_gin ON products USING gin (attributes gin_hstore_ops);
