-- a table Wesley's generator built (a 'uid: …' comment on the table, each column and the index) gains a column
-- old
CREATE TABLE "items" ("id" uuid NOT NULL, "name" text NOT NULL, PRIMARY KEY ("id"));
COMMENT ON TABLE "items" IS 'uid: tbl:Item';
COMMENT ON COLUMN "items"."id" IS 'uid: col:Item.id';
COMMENT ON COLUMN "items"."name" IS 'uid: col:Item.name';
CREATE INDEX "items_name_idx" ON "items" ("name");
COMMENT ON INDEX "items_name_idx" IS 'uid: idx_items_name';
-- new
CREATE TABLE "items" ("id" uuid NOT NULL, "name" text NOT NULL, "price" numeric, PRIMARY KEY ("id"));
COMMENT ON TABLE "items" IS 'uid: tbl:Item';
COMMENT ON COLUMN "items"."id" IS 'uid: col:Item.id';
COMMENT ON COLUMN "items"."name" IS 'uid: col:Item.name';
CREATE INDEX "items_name_idx" ON "items" ("name");
COMMENT ON INDEX "items_name_idx" IS 'uid: idx_items_name';
