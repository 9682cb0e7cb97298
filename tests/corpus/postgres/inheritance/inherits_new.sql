-- CREATE TABLE ... INHERITS
-- old
CREATE TABLE base (id integer, created timestamptz);
-- new
CREATE TABLE base (id integer, created timestamptz);
CREATE TABLE child (extra text) INHERITS (base);
