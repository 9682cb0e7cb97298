-- quoted table and column names with spaces and case
-- old
CREATE TABLE a (id INTEGER PRIMARY KEY);
-- new
CREATE TABLE a (id INTEGER PRIMARY KEY);
CREATE TABLE "Order Lines" ("Line Id" INTEGER PRIMARY KEY, "Qty" INTEGER);
