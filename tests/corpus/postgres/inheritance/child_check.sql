-- a check of the child's own beside the one it inherits
-- old
CREATE TABLE base (id integer CHECK (id > 0));
CREATE TABLE child (extra text) INHERITS (base);
-- new
CREATE TABLE base (id integer CHECK (id > 0));
CREATE TABLE child (extra text CHECK (extra <> '')) INHERITS (base);
