-- CHECK (region NOT IN ('unknown')): a one-value NOT IN list, stored as <>
-- old
CREATE TABLE shipments (id integer PRIMARY KEY, region text);
-- new
CREATE TABLE shipments (id integer PRIMARY KEY, region text CHECK (region NOT IN ('unknown')));
