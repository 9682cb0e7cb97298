-- tables and columns named with reserved words, quoted
-- old
CREATE TABLE a (id integer PRIMARY KEY);
-- new
CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE "user" ("order" integer, "select" text, "group" boolean);
