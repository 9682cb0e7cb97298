-- an index and column with quoted mixed-case names
-- old
CREATE TABLE t (id integer PRIMARY KEY, "userName" text);
-- new
CREATE TABLE t (id integer PRIMARY KEY, "userName" text);
CREATE INDEX "IX_user_name" ON t ("userName");
