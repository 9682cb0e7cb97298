-- a required column with a default added under the name a rename frees: added in the swap,
-- after the rename
-- args: --rename t.code=t.legacy_code
-- old
CREATE TABLE t (id integer PRIMARY KEY, code integer NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, legacy_code integer NOT NULL, code text NOT NULL DEFAULT '');
