-- columns of the types contrib extensions and pgvector make (hstore, ltree, cube, seg, isn, vector): added, indexed
-- old
CREATE EXTENSION hstore;
CREATE EXTENSION ltree;
CREATE EXTENSION cube;
CREATE EXTENSION seg;
CREATE EXTENSION isn;
CREATE EXTENSION vector;
CREATE TABLE item (id integer PRIMARY KEY);
-- new
CREATE EXTENSION hstore;
CREATE EXTENSION ltree;
CREATE EXTENSION cube;
CREATE EXTENSION seg;
CREATE EXTENSION isn;
CREATE EXTENSION vector;
CREATE TABLE item (
  id integer PRIMARY KEY,
  attrs hstore,
  path ltree NOT NULL DEFAULT 'top',
  box cube,
  span seg,
  code isbn13,
  embedding vector(3),
  tags hstore[]
);
CREATE INDEX item_path ON item USING gist (path);
CREATE INDEX item_attrs ON item USING gin (attrs);
