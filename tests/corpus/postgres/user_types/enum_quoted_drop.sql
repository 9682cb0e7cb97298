-- a quoted mixed-case enum type dropped with its column
-- old
CREATE TYPE "Status" AS ENUM ('On', 'Off');
CREATE TABLE t (id integer PRIMARY KEY, s "Status");
-- new
CREATE TABLE t (id integer PRIMARY KEY);
