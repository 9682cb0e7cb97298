-- a sequence in a schema other than public changes its options and loses its owner
-- old
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY);
CREATE SEQUENCE app.order_numbers START WITH 5 CACHE 1 OWNED BY app.orders.id;
-- new
CREATE SCHEMA app;
CREATE TABLE app.orders (id bigint PRIMARY KEY);
CREATE SEQUENCE app.order_numbers START WITH 5 INCREMENT BY 2 CYCLE;
