-- a quoted mixed-case enum type name
-- old
CREATE TABLE t (id integer PRIMARY KEY);
-- new
CREATE TYPE "Status" AS ENUM ('On', 'Off');
CREATE TABLE t (id integer PRIMARY KEY, s "Status");
