-- Names that break hand-written SQL: spaces, quotes, keywords, upper case, unicode.
CREATE TABLE "order items" (
    "id" integer PRIMARY KEY,
    "select" text NOT NULL,
    "Quote""d" varchar(40),
    "naïve" bigint NOT NULL DEFAULT 0,
    "where" text NOT NULL,
    CONSTRAINT "check ""it""" CHECK ("naïve" >= 0)
);
CREATE INDEX "by select" ON "order items" ("select");
CREATE TABLE "group" (
    "key" integer PRIMARY KEY,
    -- wesley:renamed-from "order"
    "from" integer NOT NULL REFERENCES "order items" ("id")
);
