-- a required column (NOT NULL, no default) added under the name a rename frees: refused (the
-- backfill fills it before the swap renames the old column away, while the name is still taken)
-- expect: refused-as-designed
-- args: --rename t.code=t.legacy_code
-- old
CREATE TABLE t (id integer PRIMARY KEY, code integer NOT NULL);
-- new
CREATE TABLE t (id integer PRIMARY KEY, legacy_code integer NOT NULL, code text NOT NULL);
