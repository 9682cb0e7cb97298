-- two new tables: a temporal primary key and a temporal foreign key referencing it
-- needs: PostgreSQL 18
-- old
CREATE EXTENSION btree_gist;
CREATE TABLE notes (id integer PRIMARY KEY);
-- new
CREATE EXTENSION btree_gist;
CREATE TABLE notes (id integer PRIMARY KEY);
CREATE TABLE products (id integer, valid_at tstzrange, name text NOT NULL, PRIMARY KEY (id, valid_at WITHOUT OVERLAPS));
CREATE TABLE variants (id integer, product_id integer NOT NULL, valid_at tstzrange, PRIMARY KEY (id, valid_at WITHOUT OVERLAPS), FOREIGN KEY (product_id, PERIOD valid_at) REFERENCES products (id, PERIOD valid_at));
