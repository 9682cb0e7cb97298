-- a standalone sequence, owned by a column, and an identity column in a table outside public
-- old
CREATE SCHEMA app;
CREATE TABLE app.orders (id integer PRIMARY KEY, n bigint);
-- new
CREATE SCHEMA app;
CREATE TABLE app.orders (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n bigint);
CREATE SEQUENCE app.order_numbers AS bigint START WITH 1000 INCREMENT BY 10 OWNED BY app.orders.n;
