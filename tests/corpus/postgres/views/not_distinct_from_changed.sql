-- a view filtering with IS NOT DISTINCT FROM (stored as NOT (… IS DISTINCT FROM …)), its operand changed
-- old
CREATE TABLE orders (id integer, status text);
CREATE VIEW pending AS SELECT id FROM orders WHERE status IS NOT DISTINCT FROM 'pending';
-- new
CREATE TABLE orders (id integer, status text);
CREATE VIEW pending AS SELECT id FROM orders WHERE status IS NOT DISTINCT FROM 'shipped';
