-- a materialized view over a view, its calls stored as PostgreSQL resolved them
-- old
CREATE TABLE sales (id integer PRIMARY KEY, amount numeric(10, 2), sold date);
-- new
CREATE TABLE sales (id integer PRIMARY KEY, amount numeric(10, 2), sold date);
CREATE VIEW daily AS SELECT sold, sum(amount) AS total FROM sales GROUP BY sold;
CREATE MATERIALIZED VIEW monthly AS
    SELECT date_trunc('month', sold) AS month, sum(total) AS total FROM daily GROUP BY date_trunc('month', sold);
