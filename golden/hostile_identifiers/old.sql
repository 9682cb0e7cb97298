-- Names that break hand-written SQL: spaces, quotes, keywords, upper case, unicode.
CREATE TABLE "order items" (
    "id" integer PRIMARY KEY,
    "select" text NOT NULL,
    "Quote""d" varchar(20),
    "naïve" integer NOT NULL DEFAULT 0
);
CREATE TABLE "group" (
    "key" integer PRIMARY KEY,
    "order" integer NOT NULL REFERENCES "order items" ("id")
);
