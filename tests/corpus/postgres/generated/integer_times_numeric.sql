-- an integer column met by a numeric one in a generated column: PostgreSQL casts it to numeric
-- old
CREATE TABLE t (id integer PRIMARY KEY, qty integer NOT NULL, price numeric(10,2) NOT NULL, pct numeric(5,2) DEFAULT 0);
-- new
CREATE TABLE t (id integer PRIMARY KEY, qty integer NOT NULL, price numeric(10,2) NOT NULL, pct numeric(5,2) DEFAULT 0, total numeric(12,2) GENERATED ALWAYS AS (qty * price * (1 - pct / 100)) STORED);
