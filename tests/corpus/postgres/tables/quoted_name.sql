-- a quoted mixed-case table name
-- old
CREATE TABLE a (id integer PRIMARY KEY);
-- new
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE "OrderLines" ("Id" integer PRIMARY KEY);
