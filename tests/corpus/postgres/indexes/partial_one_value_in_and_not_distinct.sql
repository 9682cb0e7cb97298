-- a partial index's predicate with a one-value IN list and IS NOT DISTINCT FROM (stored as = and NOT ... IS DISTINCT FROM)
-- old
CREATE TABLE orders (order_nr integer PRIMARY KEY, billed boolean, region text);
-- new
CREATE TABLE orders (order_nr integer PRIMARY KEY, billed boolean, region text);
CREATE INDEX orders_unbilled_north ON orders (order_nr) WHERE region IN ('north') AND billed IS NOT DISTINCT FROM false;
