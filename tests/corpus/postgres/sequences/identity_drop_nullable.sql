-- an identity column becomes a plain nullable column
-- old
CREATE TABLE t (id integer PRIMARY KEY, ticket bigint GENERATED ALWAYS AS IDENTITY);
-- new
CREATE TABLE t (id integer PRIMARY KEY, ticket bigint);
