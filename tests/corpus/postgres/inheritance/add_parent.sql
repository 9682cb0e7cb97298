-- an existing table made to inherit (ALTER TABLE … INHERIT)
-- old
CREATE TABLE base (id integer, created timestamptz);
CREATE TABLE child (id integer, created timestamptz, extra text);
-- new
CREATE TABLE base (id integer, created timestamptz);
CREATE TABLE child (id integer, created timestamptz, extra text);
ALTER TABLE child INHERIT base;
